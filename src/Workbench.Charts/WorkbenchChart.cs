// A chart as notebooks see it: figure JSON from the isolated Plotly bridge, wrapped in a
// deterministic HTML fragment. Formatted by Workbench.Lab (text/html = Html, text/plain = ToString()).
using System.Globalization;
using System.Net;
using System.Text;
using Workbench.Charts.Contract;

namespace Workbench.Charts;

/// <summary>
/// An immutable chart. <see cref="Id"/> comes from a per-process counter (<c>wb-chart-1</c>,
/// <c>wb-chart-2</c>, ... in creation order), never from a GUID or the clock, so the same notebook
/// run in a fresh process yields byte-identical HTML. <see cref="FigureJson"/> and <see cref="Html"/>
/// are built on first use and cached. Thread-safe.
/// </summary>
public sealed class WorkbenchChart
{
    static int s_lastNumber;

    readonly Lazy<string> _figureJson;
    readonly Lazy<string> _html;

    internal WorkbenchChart(ChartSpec spec)
    {
        Spec = spec;
        Number = Interlocked.Increment(ref s_lastNumber);
        _figureJson = new Lazy<string>(() => FigureStyle.Apply(PlotlyBridge.Renderer.RenderFigureJson(Spec), Spec));
        _html = new Lazy<string>(() => BuildHtml(Charts.TakeInlining()));
    }

    /// <summary>The next chart is <c>wb-chart-1</c> again (<see cref="Charts.ResetProcessState"/>).</summary>
    internal static void ResetNumbering() => Interlocked.Exchange(ref s_lastNumber, 0);

    /// <summary>The plain-data description the figure is built from.</summary>
    public ChartSpec Spec { get; }

    /// <summary>Position in this process's creation order, from 1.</summary>
    public int Number { get; }

    /// <summary>The HTML element id of the chart's div: <c>wb-chart-N</c>.</summary>
    public string Id => "wb-chart-" + Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Chart title (with the seed when one was given).</summary>
    public string Title => Spec.Title;

    /// <summary>Plotly figure JSON: <c>{"data":[...],"layout":{...}}</c>, from Plotly.NET, styled by <see cref="FigureStyle"/>.</summary>
    public string FigureJson => _figureJson.Value;

    /// <summary>
    /// The MIME type plotly.py's notebook renderer writes; VS Code and JupyterLab draw it with their own plotly.js,
    /// offline. Its value is <see cref="FigureJson"/>.
    /// </summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>
    /// HTML fragment: <see cref="Charts.NeedsPlotlyMarker"/>, then (by default for the first chart of a
    /// process outside the runner only, see <see cref="Charts.Inlining"/>) a script with plotly.js that runs only if
    /// <c>window.Plotly</c> is undefined, then <c>&lt;div id="wb-chart-N"&gt;</c> and a script calling
    /// <c>Plotly.newPlot</c> with <see cref="FigureJson"/>. Contains no URL.
    /// </summary>
    public string Html => _html.Value;

    /// <summary>A complete HTML page with plotly.js inlined in its head; renders offline.</summary>
    public string ToStandaloneHtml()
    {
        var sb = new StringBuilder(PlotlyBridge.PlotlyJavaScript.Length + 16 * 1024);
        sb.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(WebUtility.HtmlEncode(Title.Length == 0 ? Id : Title))
          .Append("</title>\n<script type=\"text/javascript\">\n")
          .Append(PlotlyBridge.PlotlyJavaScript)
          .Append("\n</script>\n</head>\n<body>\n");
        AppendPlot(sb);
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The same chart with a new title; <paramref name="seed"/>, when given, is appended as "(seed N)".</summary>
    public WorkbenchChart WithTitle(string title, long? seed = null) =>
        new(Spec with { Title = Charts.TitleWithSeed(title, seed) });

    /// <summary>The same chart with the given axis scales (<see cref="AxisScale.Log"/> labels ticks in real units).</summary>
    public WorkbenchChart WithAxisScales(AxisScale x, AxisScale y) => new(Spec with { XScale = x, YScale = y });

    /// <summary>The same chart at most <paramref name="width"/> pixels wide (it shrinks with the page) and <paramref name="height"/> high.</summary>
    public WorkbenchChart WithSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 50);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 50);
        return new(Spec with { Width = width, Height = height });
    }

    /// <summary>One line, e.g. <c>wb-chart-3: Line "faults (seed 7)", 2 series, 400 points (scattergl), x: time (ticks), y: faults (count)</c>.</summary>
    public override string ToString()
    {
        var kinds = string.Join("+", Spec.Series.Select(s => s.Kind.ToString()).Distinct());
        var points = Spec.Series.Sum(s => s.Values.Length);
        var gl = Spec.UseWebGl ? " (scattergl)" : "";
        var series = Spec.Series.Count == 1 ? "1 series" : $"{Spec.Series.Count} series";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Id}: {kinds} \"{Title}\", {series}, {points} points{gl}, x: {Spec.XTitle}, y: {Spec.YTitle}");
    }

    string BuildHtml(bool inlinePlotly)
    {
        var sb = new StringBuilder(inlinePlotly ? PlotlyBridge.PlotlyJavaScript.Length + 16 * 1024 : 16 * 1024);
        sb.Append(Charts.NeedsPlotlyMarker).Append('\n');
        if (inlinePlotly)
        {
            // Shadowing define/module/exports keeps plotly's UMD header from registering with a page's
            // AMD loader (classic Jupyter has requirejs) instead of setting window.Plotly.
            sb.Append(Charts.CarriesPlotlyMarker).Append('\n')
              .Append("<script type=\"text/javascript\">\nif (typeof window.Plotly === 'undefined') {\n")
              .Append("(function () { var define, module, exports;\n")
              .Append(PlotlyBridge.PlotlyJavaScript)
              .Append("\n}).call(window);\n}\n</script>\n");
        }
        AppendPlot(sb);
        return sb.ToString();
    }

    void AppendPlot(StringBuilder sb)
    {
        // "<" only occurs inside JSON strings; \u003c keeps "</script>" in a title from closing the element.
        var figure = FigureJson.Replace("<", "\\u003c", StringComparison.Ordinal);
        sb.Append("<div id=\"").Append(Id).Append("\" class=\"workbench-chart\" style=\"width:100%;max-width:")
          .Append(Spec.Width.ToString(CultureInfo.InvariantCulture)).Append("px;height:")
          .Append(Spec.Height.ToString(CultureInfo.InvariantCulture)).Append("px;\"></div>\n")
          .Append("<script type=\"text/javascript\">\n(function () {\n")
          .Append("  var id = '").Append(Id).Append("';\n")
          .Append("  var s = document.currentScript, el = s && s.previousElementSibling;\n")
          .Append("  if (!el || el.id !== id) { el = document.getElementById(id); }\n")
          .Append("  if (typeof window.Plotly === 'undefined') { el.textContent = 'plotly.js is not loaded on this page'; return; }\n")
          .Append("  var figure = ").Append(figure).Append(";\n")
          .Append("  window.Plotly.newPlot(el, figure.data, figure.layout, {\"responsive\": true, \"displaylogo\": false});\n")
          .Append("})();\n</script>\n");
    }
}
