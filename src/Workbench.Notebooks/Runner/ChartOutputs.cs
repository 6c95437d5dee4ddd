// Makes an executed notebook's charts portable: plotly.js inlined once, at the first chart, so front ends without a
// Plotly renderer (classic Jupyter, nbviewer) draw every chart; optionally an SVG of each chart for GitHub.
using Workbench.Notebooks.Html;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Post-processing of chart outputs. A chart output is a display_data/execute_result whose <c>text/html</c> holds
/// <see cref="NotebookHtmlWriter.NeedsPlotlyMarker"/> (Workbench.Lab's chart formatter writes it, next to the Plotly
/// MIME bundle <see cref="PlotlyMimeType"/>). Stateless; thread-safe.
/// </summary>
public static class ChartOutputs
{
    /// <summary>The Plotly MIME type (plotly.py's notebook renderer writes the same).</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>Chart outputs in cell order.</summary>
    public static IEnumerable<CellOutput> Charts(NotebookDocument doc) =>
        doc.Cells.SelectMany(c => c.Outputs).Where(IsChart);

    /// <summary>True for an output whose HTML asks for plotly.js.</summary>
    public static bool IsChart(CellOutput o) =>
        o.Data is { } d && d.TryGetValue("text/html", out var html) && html.Contains(NotebookHtmlWriter.NeedsPlotlyMarker, StringComparison.Ordinal);

    /// <summary>
    /// Inlines plotly.js into the first chart output (right after its marker), unless some output already carries
    /// it. Returns false when there is no chart or plotly.js was already there. <paramref name="plotlyJs"/> is
    /// called only when needed.
    /// </summary>
    public static bool InlinePlotlyJs(NotebookDocument doc, Func<string> plotlyJs)
    {
        var charts = Charts(doc).ToList();
        if (charts.Count == 0 || charts.Any(CarriesPlotlyJs)) return false;
        var first = charts[0].Data!;
        var html = first["text/html"];
        var at = html.IndexOf(NotebookHtmlWriter.NeedsPlotlyMarker, StringComparison.Ordinal) + NotebookHtmlWriter.NeedsPlotlyMarker.Length;
        var rest = html[at..].TrimStart('\n');
        first["text/html"] = html[..at] + "\n" + PlotlyScript.InlineBlock(plotlyJs()) + rest;
        return true;
    }

    /// <summary>True when the output's HTML carries plotly.js itself.</summary>
    public static bool CarriesPlotlyJs(CellOutput o) =>
        o.Data is { } d && d.TryGetValue("text/html", out var html) && html.Contains(PlotlyScript.CarriesMarker, StringComparison.Ordinal);
}
