// Chart helpers notebooks call: plain arrays in, WorkbenchChart out. Plotly.NET runs behind
// PlotlyBridge in its own load context; nothing here touches a Plotly or F# type.
using System.Globalization;
using System.Numerics;
using System.Reflection;
using Workbench.Charts.Contract;

namespace Workbench.Charts;

/// <summary>
/// Factory helpers for <see cref="WorkbenchChart"/>. Conventions: axis titles carry units
/// ("time (ticks)", "entries (count)"); when a <c>seed</c> is given the title ends in "(seed N)";
/// non-finite values (NaN, infinities) are left out of the plot; more than
/// <see cref="WebGlThreshold"/> points in a chart switches x/y traces to <c>scattergl</c> (WebGL).
/// All members are thread-safe.
/// </summary>
public static class Charts
{
    /// <summary>Comment every chart fragment starts with; a page that has it needs plotly.js once.</summary>
    public const string NeedsPlotlyMarker = "<!-- workbench:needs-plotly -->";

    /// <summary>Comment before the script that carries plotly.js itself; a page or notebook that has it needs no other copy.</summary>
    public const string CarriesPlotlyMarker = "<!-- workbench:plotly-js -->";

    /// <summary>Charts with more points than this (all series together) use <c>scattergl</c>.</summary>
    public const int WebGlThreshold = 10_000;

    /// <summary>Version of the plotly.js embedded in Plotly.NET 6.0.0.</summary>
    public const string PlotlyJsVersion = "2.28.0";

    /// <summary>Environment variable that overrides the inlining rule: <c>first</c>, <c>never</c> or <c>every</c>.</summary>
    public const string InliningVariable = "WORKBENCH_PLOTLY_INLINE";

    /// <summary>Default figure size in pixels.</summary>
    public const int DefaultWidth = 720, DefaultHeight = 420;

    static int s_plotlyInlined;

    /// <summary>
    /// Which charts inline plotly.js. Default: the value of
    /// <c>WORKBENCH_PLOTLY_INLINE</c> (<c>first</c>/<c>never</c>/<c>every</c>) when set; otherwise
    /// <see cref="PlotlyInlining.Never"/> when the process entry assembly is named <c>workbench</c>
    /// (our headless runner, which inlines plotly.js once per page) and
    /// <see cref="PlotlyInlining.FirstChartInProcess"/> everywhere else (dotnet-interactive kernel,
    /// dotnet-repl, test hosts). A host may set it before the first chart's <see cref="WorkbenchChart.Html"/> is built.
    /// </summary>
    public static PlotlyInlining Inlining { get; set; } = DefaultInlining(
        Environment.GetEnvironmentVariable(InliningVariable), Assembly.GetEntryAssembly()?.GetName().Name);

    /// <summary>plotly.js, read from Plotly.NET.dll's embedded resource and escaped for inlining (no literal URL).</summary>
    public static string PlotlyJavaScript => PlotlyBridge.PlotlyJavaScript;

    /// <summary>One line naming the bridge, its load context and the FSharp.Core it runs on. Loads the bridge.</summary>
    public static string DescribeBridge() => PlotlyBridge.Describe();

    /// <summary>A named x/y series for the multi-series overloads.</summary>
    public static ChartSeries Series<TX, TY>(string name, IEnumerable<TX> x, IEnumerable<TY> y)
        where TX : INumberBase<TX> where TY : INumberBase<TY>
    {
        var xs = ChartSeries.ToDoubles(x, nameof(x));
        var ys = ChartSeries.ToDoubles(y, nameof(y));
        if (xs.Length != ys.Length)
            throw new ArgumentException($"series '{name}': {xs.Length} x values instead of {ys.Length}", nameof(x));
        return new ChartSeries(name ?? "", xs, null, ys);
    }

    /// <summary>A named category/value series for the multi-series <see cref="Bar(IEnumerable{ChartSeries}, string, string, string, long?)"/>.</summary>
    public static ChartSeries BarSeries<TY>(string name, IEnumerable<string> categories, IEnumerable<TY> values)
        where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(categories);
        var cats = categories.ToArray();
        var ys = ChartSeries.ToDoubles(values, nameof(values));
        if (cats.Length != ys.Length)
            throw new ArgumentException($"bar series '{name}': {cats.Length} categories instead of {ys.Length}", nameof(categories));
        return new ChartSeries(name ?? "", null, cats, ys);
    }

    /// <summary>A line through (x, y).</summary>
    public static WorkbenchChart Line<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string name = "",
        string title = "", string xTitle = "", string yTitle = "", long? seed = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        Line([Series(name, x, y)], title, xTitle, yTitle, seed);

    /// <summary>One line per series.</summary>
    public static WorkbenchChart Line(IEnumerable<ChartSeries> series, string title = "",
        string xTitle = "", string yTitle = "", long? seed = null) =>
        Build(TraceKind.Line, series, title, xTitle, yTitle, seed);

    /// <summary>
    /// A line through (x, mean) over a shaded band from <paramref name="lower"/> to <paramref name="upper"/> (a
    /// confidence interval, e.g. from a sweep over seeds), named <paramref name="bandName"/> in the legend.
    /// </summary>
    public static WorkbenchChart Band<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> mean, IEnumerable<TY> lower, IEnumerable<TY> upper,
        string name = "mean", string bandName = "95% confidence interval", string title = "", string xTitle = "", string yTitle = "", long? seed = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY>
    {
        var xs = x.ToList();
        return Build(TraceKind.Line, [Series(bandName + " (low)", xs, lower), Series(bandName, xs, upper), Series(name, xs, mean)], title, xTitle, yTitle, seed, band: true);
    }

    /// <summary>Markers at (x, y).</summary>
    public static WorkbenchChart Scatter<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string name = "",
        string title = "", string xTitle = "", string yTitle = "", long? seed = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        Scatter([Series(name, x, y)], title, xTitle, yTitle, seed);

    /// <summary>Markers, one colour per series.</summary>
    public static WorkbenchChart Scatter(IEnumerable<ChartSeries> series, string title = "",
        string xTitle = "", string yTitle = "", long? seed = null) =>
        Build(TraceKind.Scatter, series, title, xTitle, yTitle, seed);

    /// <summary>A step line (<c>line.shape = "hv"</c>): each value holds until the next x, as counters over ticks do.</summary>
    public static WorkbenchChart StepLine<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string name = "",
        string title = "", string xTitle = "", string yTitle = "", long? seed = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        StepLine([Series(name, x, y)], title, xTitle, yTitle, seed);

    /// <summary>One step line per series.</summary>
    public static WorkbenchChart StepLine(IEnumerable<ChartSeries> series, string title = "",
        string xTitle = "", string yTitle = "", long? seed = null) =>
        Build(TraceKind.StepLine, series, title, xTitle, yTitle, seed);

    /// <summary>Vertical bars, one per category.</summary>
    public static WorkbenchChart Bar<TY>(IEnumerable<string> categories, IEnumerable<TY> values, string name = "",
        string title = "", string xTitle = "", string yTitle = "", long? seed = null)
        where TY : INumberBase<TY> =>
        Bar([BarSeries(name, categories, values)], title, xTitle, yTitle, seed);

    /// <summary>Grouped bars, one colour per series (build them with <see cref="BarSeries{TY}"/>).</summary>
    public static WorkbenchChart Bar(IEnumerable<ChartSeries> series, string title = "",
        string xTitle = "", string yTitle = "", long? seed = null) =>
        Build(TraceKind.Bar, series, title, xTitle, yTitle, seed);

    /// <summary>A histogram of <paramref name="values"/>; <paramref name="bins"/> caps the bin count (Plotly's nbinsx).</summary>
    public static WorkbenchChart Histogram<T>(IEnumerable<T> values, string name = "", string title = "",
        string xTitle = "", string yTitle = "count", int? bins = null, long? seed = null)
        where T : INumberBase<T>
    {
        if (bins is <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be positive");
        var samples = ChartSeries.ToDoubles(values, nameof(values));
        var spec = new SeriesSpec(name ?? "", TraceKind.Histogram, null, null, samples, bins);
        return new WorkbenchChart(new ChartSpec(TitleWithSeed(title, seed), xTitle ?? "", yTitle ?? "",
            [spec], UseWebGl: false, DefaultWidth, DefaultHeight));
    }

    /// <summary>"title (seed N)", or the title alone when <paramref name="seed"/> is null.</summary>
    public static string TitleWithSeed(string title, long? seed)
    {
        title ??= "";
        if (seed is not long s) return title;
        var tag = "seed " + s.ToString(CultureInfo.InvariantCulture);
        return title.Length == 0 ? tag : $"{title} ({tag})";
    }

    static WorkbenchChart Build(TraceKind kind, IEnumerable<ChartSeries> series, string title,
        string xTitle, string yTitle, long? seed, bool band = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var list = series.ToList();
        if (list.Count == 0) throw new ArgumentException("a chart needs at least one series", nameof(series));
        var specs = list.Select(s => Spec(kind, s)).ToArray();
        var points = list.Sum(s => s.Count);
        var webGl = kind != TraceKind.Bar && points > WebGlThreshold;
        return new WorkbenchChart(new ChartSpec(TitleWithSeed(title, seed), xTitle ?? "", yTitle ?? "",
            specs, webGl, DefaultWidth, DefaultHeight) { Band = band });
    }

    static SeriesSpec Spec(TraceKind kind, ChartSeries s)
    {
        if (kind == TraceKind.Bar && s.Categories is null)
            throw new ArgumentException($"series '{s.Name}' has x values; bars need Charts.BarSeries(name, categories, values)");
        if (kind != TraceKind.Bar && s.X is null)
            throw new ArgumentException($"series '{s.Name}' has categories; {kind} needs Charts.Series(name, x, y)");
        return new SeriesSpec(s.Name, kind, s.X?.ToArray(), s.Categories?.ToArray(), s.Y.ToArray());
    }

    internal static PlotlyInlining DefaultInlining(string? variable, string? entryAssembly) => variable?.Trim().ToLowerInvariant() switch
    {
        "never" => PlotlyInlining.Never,
        "first" => PlotlyInlining.FirstChartInProcess,
        "every" => PlotlyInlining.EveryChart,
        _ => entryAssembly == "workbench" ? PlotlyInlining.Never : PlotlyInlining.FirstChartInProcess,
    };

    /// <summary>Whether the chart whose HTML is being built carries plotly.js: always under EveryChart,
    /// exactly once per process under FirstChartInProcess, never under Never.</summary>
    internal static bool TakeInlining() => Inlining switch
    {
        PlotlyInlining.EveryChart => true,
        PlotlyInlining.FirstChartInProcess => Interlocked.Exchange(ref s_plotlyInlined, 1) == 0,
        _ => false,
    };

    /// <summary>Tests only: makes the next chart built carry plotly.js again.</summary>
    internal static void ResetFirstInlining() => Interlocked.Exchange(ref s_plotlyInlined, 0);

    /// <summary>
    /// Not a chart: returns this assembly's per-notebook state to what a fresh process has (chart numbers from
    /// wb-chart-1, the first-chart inlining, <see cref="Inlining"/> from the environment), keeping the loaded Plotly
    /// bridge (the first chart's cost, paid once per process). Called between notebooks by a warm worker, through
    /// <c>Workbench.Lab.Notebook.ResetProcessState</c>. No requirements; not while a chart is being built.
    /// </summary>
    public static void ResetProcessState()
    {
        ResetFirstInlining();
        WorkbenchChart.ResetNumbering();
        Inlining = DefaultInlining(Environment.GetEnvironmentVariable(InliningVariable), Assembly.GetEntryAssembly()?.GetName().Name);
    }
}
