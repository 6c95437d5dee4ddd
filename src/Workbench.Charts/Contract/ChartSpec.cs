// The chart contract: plain BCL data that crosses from the notebook's load context into the
// isolated Plotly context (see PlotlyLoadContext). Nothing here may name a Plotly or F# type.
namespace Workbench.Charts.Contract;

/// <summary>How one series is drawn.</summary>
public enum TraceKind
{
    /// <summary>Straight segments between points.</summary>
    Line,
    /// <summary>Markers only.</summary>
    Scatter,
    /// <summary>Step line: horizontal then vertical (<c>line.shape = "hv"</c>).</summary>
    StepLine,
    /// <summary>Vertical bars over string categories.</summary>
    Bar,
    /// <summary>A histogram of <see cref="SeriesSpec.Values"/>.</summary>
    Histogram,
}

/// <summary>
/// One series. <see cref="X"/> is set for Line/Scatter/StepLine, <see cref="Categories"/> for Bar;
/// <see cref="Values"/> holds the y values, or the samples of a Histogram. NaN and infinities are
/// drawn as gaps (JSON null).
/// </summary>
public sealed record SeriesSpec(string Name, TraceKind Kind, double[]? X, string[]? Categories, double[] Values, int? Bins = null);

/// <summary>How an axis maps values to positions.</summary>
public enum AxisScale
{
    /// <summary>
    /// Chosen from the data (<c>FigureStyle</c>): log-log when both axes' values are positive and span decades, log
    /// bar heights when the non-zero heights span decades, otherwise linear.
    /// </summary>
    Auto,
    /// <summary>Linear.</summary>
    Linear,
    /// <summary>Logarithmic, ticks labelled in the values' own units (10, 100, 1k), never "log2 of ...".</summary>
    Log,
}

/// <summary>
/// A whole figure. <see cref="UseWebGl"/> asks for <c>scattergl</c> traces (decided by the caller,
/// see <c>Charts.WebGlThreshold</c>). Titles arrive final (seed already appended). <see cref="Width"/> is the
/// maximum width: the figure fills its container up to it (responsive, legend below the plot).
/// </summary>
public sealed record ChartSpec(
    string Title,
    string XTitle,
    string YTitle,
    IReadOnlyList<SeriesSpec> Series,
    bool UseWebGl,
    int Width,
    int Height)
{
    /// <summary>Scale of the x axis (ignored for bars and histograms).</summary>
    public AxisScale XScale { get; init; }

    /// <summary>Scale of the y axis.</summary>
    public AxisScale YScale { get; init; }

    /// <summary>
    /// The first two series are the lower and upper edges of a band (a confidence interval): drawn as a shaded area
    /// between them, without lines or markers, the upper one naming the band in the legend (<c>FigureStyle</c>).
    /// </summary>
    public bool Band { get; init; }
}

/// <summary>
/// Implemented by the bridge assembly (Workbench.Charts.Plotly) inside the isolated context; this
/// interface's assembly is shared with the default context, so the cast works across the boundary.
/// Implementations must be thread-safe.
/// </summary>
public interface IFigureRenderer
{
    /// <summary>Plotly figure JSON (<c>{"data":[...],"layout":{...}}</c>) for <paramref name="spec"/>.</summary>
    string RenderFigureJson(ChartSpec spec);

    /// <summary>plotly.js as shipped inside Plotly.NET.dll (embedded resource), unmodified.</summary>
    string ReadPlotlyJavaScript();

    /// <summary>Versions of the assemblies the bridge runs on, for diagnostics, e.g. "Plotly.NET 6.0.0.0, FSharp.Core 10.1.0.0".</summary>
    string Describe();
}
