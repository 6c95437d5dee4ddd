// The bridge: turns a ChartSpec (plain data) into Plotly figure JSON with Plotly.NET 6 /
// Plotly.NET.CSharp. Runs only inside PlotlyLoadContext, where FSharp.Core 10.1 is loaded;
// nothing Plotly- or F#-typed leaves this assembly (strings only).
using System.Reflection;
using Microsoft.FSharp.Core;
using Newtonsoft.Json;
using Plotly.NET;
using Workbench.Charts.Contract;
using CsChart = Plotly.NET.CSharp.Chart;
using CsExt = Plotly.NET.CSharp.GenericChartExtensions;

namespace Workbench.Charts.Plotly;

/// <summary>
/// <see cref="IFigureRenderer"/> over Plotly.NET. Created once per process by reflection
/// (Workbench.Charts' PlotlyBridge). Thread-safe: it keeps no mutable state and Plotly.NET
/// builds a new chart object per call.
/// </summary>
public sealed class PlotlyFigureRenderer : IFigureRenderer
{
    /// <summary>Name of the plotly.js resource embedded in Plotly.NET.dll.</summary>
    public const string PlotlyJsResource = "Plotly.NET.plotly-2.28.0.min.js";

    /// <summary>
    /// Plotly.NET's own settings (<c>Globals.JSON_CONFIG</c>, which <c>GenericChart.toFigureJson</c> serializes
    /// <c>toFigure</c>'s result with), except that Newtonsoft's reference-loop check compares objects by reference.
    /// By default it calls <c>DynamicObj.Equals</c>, a deep hash of a whole subtree, for every object against every
    /// object on the path: quadratic in the figure's size, and 13 % of a notebook worker's CPU time (measured with
    /// the runtime's sampling profiler on the six shipped notebooks). The settings say
    /// <c>ReferenceLoopHandling.Serialize</c>, so the check never changes the output: the JSON is byte for byte
    /// <c>toFigureJson</c>'s (FigureJsonTests).
    /// </summary>
    static readonly JsonSerializerSettings FigureJsonSettings = new(global::Globals.JSON_CONFIG)
    {
        EqualityComparer = ReferenceEqualityComparer.Instance,
    };

    /// <inheritdoc />
    public string RenderFigureJson(ChartSpec spec) =>
        JsonConvert.SerializeObject(GenericChart.toFigure(Build(spec)), FigureJsonSettings);

    /// <summary>The Plotly.NET chart of <paramref name="spec"/> (the tests serialize it with <c>toFigureJson</c> too).</summary>
    static GenericChart Build(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Series.Count == 0)
            throw new ArgumentException("a chart needs at least one series", nameof(spec));
        var traces = spec.Series.Select(s => Trace(s, spec.UseWebGl)).ToList();
        GenericChart chart = traces.Count == 1 ? traces[0] : CsChart.Combine(traces);
        chart = global::Plotly.NET.Chart.withTitle(spec.Title, null).Invoke(chart);
        chart = CsExt.WithXAxisStyle<double, double, string>(chart, TitleText: spec.XTitle);
        chart = CsExt.WithYAxisStyle<double, double, string>(chart, TitleText: spec.YTitle);
        return CsExt.WithSize(chart, Width: spec.Width, Height: spec.Height);
    }

    /// <inheritdoc />
    public string ReadPlotlyJavaScript()
    {
        var asm = typeof(GenericChart).Assembly;
        using var stream = asm.GetManifestResourceStream(PlotlyJsResource)
            ?? throw new InvalidOperationException($"{asm.GetName().Name} has no resource {PlotlyJsResource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <inheritdoc />
    public string Describe() =>
        $"Plotly.NET {Version(typeof(GenericChart))}, Plotly.NET.CSharp {Version(typeof(CsChart))}, FSharp.Core {Version(typeof(FSharpOption<>))}";

    // Plotly.NET.CSharp's assembly version is 0.0.0.0, so prefer the informational (package) version.
    static string Version(Type t)
    {
        var info = t.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(info)) return info.Split('+')[0];
        return t.Assembly.GetName().Version?.ToString() ?? "?";
    }

    static GenericChart Trace(SeriesSpec s, bool webGl)
    {
        if (s.Kind == TraceKind.Histogram)
        {
            var samples = s.Values.Where(double.IsFinite).ToArray();
            return s.Bins is int bins
                ? CsChart.Histogram<double, double, string>(X: samples, Name: s.Name, NBinsX: bins)
                : CsChart.Histogram<double, double, string>(X: samples, Name: s.Name);
        }
        if (s.Kind == TraceKind.Bar)
        {
            var keys = s.Categories ?? throw new ArgumentException($"bar series '{s.Name}' has no categories");
            if (keys.Length != s.Values.Length)
                throw new ArgumentException($"bar series '{s.Name}': {keys.Length} categories instead of {s.Values.Length}");
            var kept = Enumerable.Range(0, keys.Length).Where(i => double.IsFinite(s.Values[i])).ToArray();
            return CsChart.Column<double, string, string>(
                values: kept.Select(i => s.Values[i]).ToArray(), Keys: kept.Select(i => keys[i]).ToArray(), Name: s.Name);
        }
        var (x, y) = FinitePoints(s);
        return s.Kind switch
        {
            TraceKind.Line => CsChart.Line<double, double, string>(x: x, y: y, Name: s.Name, UseWebGL: webGl),
            TraceKind.StepLine => CsChart.Line<double, double, string>(x: x, y: y, Name: s.Name, Line: HvLine(), UseWebGL: webGl),
            TraceKind.Scatter => CsChart.Scatter<double, double, string>(
                x: x, y: y, mode: StyleParam.Mode.Markers, Name: s.Name, UseWebGL: webGl),
            _ => throw new ArgumentOutOfRangeException(nameof(s), s.Kind, "unknown trace kind"),
        };
    }

    // NaN/Infinity are not JSON and Plotly.NET's IConvertible constraint rules out nullable
    // values, so non-finite points are left out (documented on Charts).
    static (double[] X, double[] Y) FinitePoints(SeriesSpec s)
    {
        var x = s.X ?? throw new ArgumentException($"series '{s.Name}' has no x values");
        if (x.Length != s.Values.Length)
            throw new ArgumentException($"series '{s.Name}': {x.Length} x values instead of {s.Values.Length}");
        var kept = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(s.Values[i])).ToArray();
        return kept.Length == x.Length ? (x, s.Values) : (kept.Select(i => x[i]).ToArray(), kept.Select(i => s.Values[i]).ToArray());
    }

    // Line.init takes F# optional arguments (all required from C#): only Shape is set.
    static Line HvLine() => Line.init(
        BackOff: null, AutoColorScale: null, CAuto: null, CMax: null, CMid: null, CMin: null,
        Color: null, ColorAxis: null, Colorscale: null, ReverseScale: null, ShowScale: null,
        ColorBar: null, Dash: null, Shape: FSharpOption<StyleParam.Shape>.Some(StyleParam.Shape.Hv),
        Simplify: null, Smoothing: null, Width: null, MultiWidth: null, OutlierColor: null, OutlierWidth: null);
}
