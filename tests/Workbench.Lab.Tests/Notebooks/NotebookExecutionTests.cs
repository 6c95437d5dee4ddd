// The real-client path: every notebook under notebooks/ (and the fixture) executed by Jupyter's
// nbconvert with the dotnet-interactive kernel (FSharp.Core 10.0 in its default context).
using System.Text.Json;
using Workbench.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Notebooks;

[Collection(GlobalStateCollection.Name)]
public sealed class NotebookExecutionTests(ITestOutputHelper log)
{
    const string PlotlyBanner = "plotly.js v2.28.0";
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>notebooks/*.ipynb and fixtures/*.ipynb, as paths relative to the repository root.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { RepoPaths.Notebooks, RepoPaths.Fixtures })
            if (Directory.Exists(dir))
                foreach (var nb in Directory.GetFiles(dir, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal))
                    data.Add(Path.GetRelativePath(RepoPaths.Root, nb).Replace('\\', '/'));
        return data;
    }

    sealed record Output(string Cell, string Type, IReadOnlyDictionary<string, string> Data, string Text);

    static List<Output> Outputs(string executed)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(executed));
        var list = new List<Output>();
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            var id = cell.TryGetProperty("id", out var i) ? i.GetString() ?? "" : "";
            foreach (var o in cell.GetProperty("outputs").EnumerateArray())
            {
                var data = new Dictionary<string, string>();
                if (o.TryGetProperty("data", out var d))
                    foreach (var mime in d.EnumerateObject()) data[mime.Name] = Join(mime.Value);
                var text = o.TryGetProperty("text", out var t) ? Join(t)
                    : o.TryGetProperty("evalue", out var ev) ? ev.GetString() ?? "" : "";
                list.Add(new Output(id, o.GetProperty("output_type").GetString()!, data, text));
            }
        }
        return list;
    }

    static string Join(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? string.Concat(e.EnumerateArray().Select(x => x.GetString()))
        : e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    List<Output> Run(string relative)
    {
        ExternalTools.Require(ExternalTool.Jupyter);
        var notebook = Path.Combine(RepoPaths.Root, relative);
        var outDir = Directory.CreateTempSubdirectory("wb-nbconvert-").FullName;
        try
        {
            var r = JupyterTools.Execute(notebook, outDir, Timeout);
            log.WriteLine($"{relative}: exit {r.ExitCode} in {r.Elapsed.TotalSeconds:F1} s");
            Assert.True(r.ExitCode == 0, $"nbconvert {relative} exited {r.ExitCode} instead of 0:\n{Tail(r.Output)}");
            return Outputs(r.ExecutedPath);
        }
        finally { Directory.Delete(outDir, recursive: true); }
    }

    static string Tail(string s) => s.Length <= 6000 ? s : "..." + s[^6000..];

    [ToolTheory(ExternalTool.Jupyter)]
    [MemberData(nameof(Notebooks))]
    public void notebook_executes_in_the_dotnet_interactive_kernel_without_errors_and_charts_render_offline(string notebook)
    {
        var outputs = Run(notebook);
        var errors = outputs.Where(o => o.Type == "error").ToList();
        Assert.True(errors.Count == 0, $"{notebook}: error outputs in cells {string.Join(", ", errors.Select(e => e.Cell))}: {errors.FirstOrDefault()?.Text}");

        var charts = outputs.Where(o => o.Data.TryGetValue("text/html", out var h) && h.Contains(Workbench.Charts.Charts.NeedsPlotlyMarker)).ToList();
        if (notebook.Contains("/fixtures/", StringComparison.Ordinal))
            Assert.NotEmpty(charts);
        if (charts.Count == 0) return;
        var first = charts[0].Data["text/html"];
        Assert.True(first.Contains(PlotlyBanner), $"{notebook}: the first chart output (cell {charts[0].Cell}) does not inline plotly.js");
        Assert.Contains("if (typeof window.Plotly === 'undefined')", first);
        foreach (var chart in charts)
        {
            var html = chart.Data["text/html"];
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("https://", html);
            Assert.Contains("window.Plotly.newPlot(", html);
            // Beside the HTML, the Plotly MIME bundle that VS Code and JupyterLab draw with their own plotly.js.
            Assert.True(chart.Data.TryGetValue(Workbench.Charts.WorkbenchChart.PlotlyMimeType, out var figure), $"{notebook}: cell {chart.Cell} has no Plotly MIME bundle");
            using var parsed = JsonDocument.Parse(figure);
            Assert.Equal(JsonValueKind.Array, parsed.RootElement.GetProperty("data").ValueKind);
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.GetProperty("layout").ValueKind);
        }
        Assert.All(charts.Skip(1), c => Assert.DoesNotContain(PlotlyBanner, c.Data["text/html"]));
    }

    [ToolTheory(ExternalTool.Jupyter)]
    [InlineData("tests/Workbench.Lab.Tests/fixtures/lab-fixture.ipynb")]
    public void fixture_shows_setup_banner_deterministic_table_and_both_fsharp_cores(string notebook)
    {
        var outputs = Run(notebook);
        var banner = outputs.Single(o => o.Cell == "setup" && o.Type == "stream").Text;
        Assert.StartsWith("Workbench.Lab ", banner);
        Assert.Contains(" from ../../../artifacts/lab/;", banner);
        Assert.Contains("load context 'Workbench.Charts.Plotly'", banner);

        var fsharp = outputs.Single(o => o.Cell == "fsharp" && o.Type == "execute_result").Data["text/plain"];
        Assert.Contains("10.0.0.0 in Default", fsharp);
        Assert.Contains("10.1.0.0 in Workbench.Charts.Plotly", fsharp);

        var frame = outputs.Single(o => o.Cell == "frame" && o.Type == "execute_result");
        Assert.StartsWith("<table class=\"workbench-dataframe\">", frame.Data["text/html"]);
        Assert.EndsWith("(5 rows × 2 columns)\n", frame.Data["text/plain"]);

        var chart = outputs.Single(o => o.Cell == "chart" && o.Type == "execute_result");
        Assert.StartsWith("wb-chart-1: StepLine \"map entries (seed 7)\"", chart.Data["text/plain"]);
        Assert.Contains("<div id=\"wb-chart-1\"", chart.Data["text/html"]);
    }
}
