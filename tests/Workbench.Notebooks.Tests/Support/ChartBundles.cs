// Every chart output of an executed notebook carries a valid Plotly MIME bundle beside its self-drawing HTML.
using System.Text.Json.Nodes;
using Workbench.Notebooks.Html;
using Workbench.Notebooks.Runner;

namespace Workbench.Notebooks.Tests.Support;

static class ChartBundles
{
    /// <summary>
    /// Each output whose text/html asks for plotly.js has <c>application/vnd.plotly.v1+json</c> as a JSON object with
    /// a non-empty <c>data</c> array of typed traces and a <c>layout</c> object; exactly one output carries plotly.js.
    /// Returns the number of charts (at least one).
    /// </summary>
    public static int AssertValid(string ipynb)
    {
        var nb = JsonNode.Parse(File.ReadAllText(ipynb))!;
        var outputs = nb["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!["data"] as JsonObject).OfType<JsonObject>().ToList();
        var charts = outputs.Where(d => Html(d).Contains(NotebookHtmlWriter.NeedsPlotlyMarker, StringComparison.Ordinal)).ToList();
        Assert.True(charts.Count > 0, $"{ipynb}: no chart output");
        for (int i = 0; i < charts.Count; i++)
        {
            var bundle = charts[i][ChartOutputs.PlotlyMimeType];
            Assert.True(bundle is JsonObject, $"{ipynb}: chart {i + 1} has no {ChartOutputs.PlotlyMimeType} object");
            var data = bundle!["data"] as JsonArray;
            Assert.True(data is { Count: > 0 }, $"{ipynb}: chart {i + 1}: 'data' is not a non-empty array");
            Assert.All(data!, t => Assert.False(string.IsNullOrEmpty(t?["type"]?.GetValue<string>()), $"{ipynb}: chart {i + 1}: a trace without type"));
            Assert.True(bundle["layout"] is JsonObject, $"{ipynb}: chart {i + 1}: 'layout' is not an object");
        }
        Assert.Single(charts, d => Html(d).Contains(PlotlyScript.CarriesMarker, StringComparison.Ordinal));
        return charts.Count;
    }

    static string Html(JsonObject data) => data["text/html"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };
}
