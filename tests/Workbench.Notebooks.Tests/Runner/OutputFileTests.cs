// The files a run writes: round-trip through our reader, byte-identical re-runs, valid nbformat 4.5 (checked by
// Debian's python3-nbformat; skipped without it, see tests/Shared/ExternalTools.cs), deterministic scrubbing, and
// an HTML page that loads nothing from elsewhere.
using System.Diagnostics;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Html;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Tests.Support;
using Workbench.Tests.Shared;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed partial class OutputFileTests(Workers workers)
{
    [Fact]
    public async Task outputs_round_trip_through_the_reader()
    {
        var run = await Cli.RunAsync(workers, "outputs.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        var doc = NotebookLoader.Load(run.Ipynb("outputs"));
        NotebookCell Cell(string id) => doc.Cells.Single(c => c.Id == id);
        Assert.Equal([CellOutput.StreamText("stdout", "hello out\n"), CellOutput.StreamText("stderr", "hello err\n")],
            Cell("streams").Outputs.Select(o => CellOutput.StreamText(o.Name!, o.Text!)), new OutputComparer());
        var result = Assert.Single(Cell("returns").Outputs);
        Assert.Equal(CellOutput.ExecuteResult, result.OutputType);
        Assert.Equal("42", result.Data!["text/plain"]);
        Assert.Contains("<pre>42</pre>", result.Data["text/html"]);
        Assert.DoesNotContain('\r', result.Data["text/html"]);
        var displays = Cell("displays").Outputs;
        Assert.Equal([CellOutput.DisplayData, CellOutput.DisplayData, CellOutput.ExecuteResult], displays.Select(o => o.OutputType));
        Assert.Equal("shown as text", displays[0].Data!["text/plain"]);
        Assert.Equal("<b>bold</b>", displays[1].Data!["text/html"]);
        Assert.Equal(2, Cell("returns").ExecutionCount);
        Assert.Equal("data from the fixtures folder", Cell("cwd").Outputs.Single().Data!["text/plain"]);
    }

    [Fact]
    public async Task guids_table_ids_and_absolute_paths_are_scrubbed()
    {
        var run = await Cli.RunAsync(workers, "outputs.ipynb");
        var doc = NotebookLoader.Load(run.Ipynb("outputs"));
        var unstable = doc.Cells.Single(c => c.Id == "unstable").Outputs;
        Assert.Equal("<table id=\"table_2\"><tr><td>00000000-0000-0000-0000-000000000001</td></tr></table>", unstable[0].Data!["text/html"]);
        Assert.Equal("00000000-0000-0000-0000-000000000001 00000000-0000-0000-0000-000000000001", unstable[1].Data!["text/plain"]);
        Assert.Equal("data.txt", doc.Cells.Single(c => c.Id == "path").Outputs.Single().Data!["text/plain"]);
        var text = File.ReadAllText(run.Ipynb("outputs"));
        Assert.DoesNotContain(Paths.Fixtures, text);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public async Task re_runs_give_byte_identical_ipynb_and_html()
    {
        var first = await Cli.RunAsync(workers, "outputs.ipynb", "failing.ipynb", "sample.dib", "parameters.ipynb", "-p", "seed=5");
        var second = await Cli.RunAsync(workers, "outputs.ipynb", "failing.ipynb", "sample.dib", "parameters.ipynb", "-p", "seed=5");
        Assert.True(first.ExitCode == 2, "failing.ipynb has no parameters cell: " + first);
        first = await Cli.RunAsync(workers, "outputs.ipynb", "failing.ipynb", "sample.dib");
        second = await Cli.RunAsync(workers, "outputs.ipynb", "failing.ipynb", "sample.dib");
        var p1 = await Cli.RunAsync(workers, "parameters.ipynb", "-p", "seed=5", "--output", first.OutputDir);
        var p2 = await Cli.RunAsync(workers, "parameters.ipynb", "-p", "seed=5", "--output", second.OutputDir);
        Assert.Equal(0, p1.ExitCode + p2.ExitCode);
        foreach (var name in new[] { "outputs", "failing", "sample", "parameters" })
        {
            Assert.Equal(File.ReadAllBytes(first.Ipynb(name)), File.ReadAllBytes(second.Ipynb(name)));
            Assert.Equal(File.ReadAllBytes(first.Html(name)), File.ReadAllBytes(second.Html(name)));
        }
    }

    [Fact]
    public async Task the_html_page_loads_nothing_from_another_host()
    {
        var run = await Cli.RunAsync(workers, "outputs.ipynb", "plot.ipynb", "failing.ipynb");
        Assert.True(run.ExitCode == 1, run.ToString());
        foreach (var name in new[] { "outputs", "plot", "failing" })
        {
            var html = File.ReadAllText(run.Html(name));
            var external = ExternalResource().Matches(html).Select(m => m.Value).ToList();
            Assert.True(external.Count == 0, $"{name}.html loads {string.Join(", ", external)}");
            Assert.StartsWith("<!DOCTYPE html>", html);
        }
        var outputs = File.ReadAllText(run.Html("outputs"));
        Assert.Contains("<h1 id=\"outputs\">Outputs</h1>", outputs);
        Assert.Contains("<a href=\"https://example.org/runner\">the runner</a>", outputs);
        Assert.Contains("<pre class=\"output stream stdout\">hello out\n</pre>", outputs);
        Assert.DoesNotContain("plotly.js", outputs);
    }

    [Fact]
    public async Task plotly_js_is_inlined_once_at_the_first_chart_of_the_executed_notebook_and_the_page_needs_no_second_copy()
    {
        var run = await Cli.RunAsync(workers, "plot.ipynb");
        var ipynb = File.ReadAllText(run.Ipynb("plot"));
        Assert.Single(Regex.Matches(ipynb, Regex.Escape(PlotlyScript.CarriesMarker)));
        var chart1 = run.Notebook("plot")["cells"]!.AsArray().Single(c => (string?)c!["id"] == "chart1")!;
        var first = string.Concat(chart1["outputs"]![0]!["data"]!["text/html"]!.AsArray().Select(l => (string?)l));
        Assert.StartsWith("<!-- workbench:needs-plotly -->\n<!-- workbench:plotly-js -->", first);
        Assert.DoesNotContain("://", first[..first.IndexOf("Plotly.newPlot(\"chart-1\"", StringComparison.Ordinal)]);   // no literal URL
        var html = File.ReadAllText(run.Html("plot"));
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.DoesNotContain("plotly.js 2.28.0, inlined", head);
        Assert.Single(Regex.Matches(html, Regex.Escape(PlotlyScript.CarriesMarker)));
        Assert.True(html.Length > 3_000_000, $"plotly.js missing: the page has {html.Length} chars");
        Assert.Contains("data-blocked-src=\"https://example.org/x.js\"", html);
        Assert.Equal(2, Regex.Matches(html, "Plotly\\.newPlot\\(\"chart-\\d\"").Count);
    }

    [Fact]
    public async Task with_no_plotly_js_the_notebook_stays_small_and_the_page_carries_plotly_js_in_its_head()
    {
        var run = await Cli.RunAsync(workers, "plot.ipynb", "--no-plotly-js");
        Assert.True(new FileInfo(run.Ipynb("plot")).Length < 100_000, "plotly.js left in the notebook");
        var html = File.ReadAllText(run.Html("plot"));
        Assert.Single(Regex.Matches(html, "/\\* plotly.js 2.28.0, inlined"));
        Assert.True(html.IndexOf("/* plotly.js", StringComparison.Ordinal) < html.IndexOf("</head>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_failed_notebook_page_opens_with_a_banner_linking_to_the_failing_cell_and_no_input_hides_code()
    {
        var run = await Cli.RunAsync(workers, "failing.ipynb", "--no-input", "--toc");
        var html = File.ReadAllText(run.Html("failing"));
        var banner = Regex.Match(html, "<div class=\"banner failed\" role=\"alert\"><strong>This notebook failed</strong> at <a href=\"#cell-([^\"]+)\">cell (\\d+)</a>");
        Assert.True(banner.Success, html[..Math.Min(html.Length, 4000)]);
        Assert.Contains($"<section class=\"cell code\" id=\"cell-{banner.Groups[1].Value}\"", html);
        Assert.True(html.IndexOf("banner failed", StringComparison.Ordinal) < html.IndexOf("<section", StringComparison.Ordinal));
        Assert.DoesNotContain("<pre class=\"source\">", html);
        Assert.Contains("<pre>failing.ipynb: cell ", html);
        Assert.DoesNotContain(Paths.Fixtures, html);
    }

    [Fact]
    public async Task the_markdown_test_page_renders_as_commonmark_and_gfm_specify_and_loses_nothing()
    {
        var run = await Cli.RunAsync(workers, "markdown.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        var source = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Paths.Fixture("markdown.ipynb")))!["cells"]![0]!;
        var executed = run.Notebook("markdown")["cells"]![0]!;
        Assert.Equal(source["source"]!.ToJsonString(), executed["source"]!.ToJsonString());
        Assert.Equal(source["attachments"]!.ToJsonString(), executed["attachments"]!.ToJsonString());
        var html = File.ReadAllText(run.Html("markdown"));
        foreach (var expected in new[]
        {
            "<h1 id=\"setext-heading\">Setext heading</h1>", "<h2 id=\"sub-heading\">Sub heading</h2>",
            "<li>four</li>", "<li>nested <em>two</em>\n<ul>\n<li>deeper <code>three</code></li>",
            "<th style=\"text-align: right\">calls</th>", "<td style=\"text-align: left\"><code>a|b</code></td>",
            "<details><summary>Raw HTML block</summary>", "<p>Inside <strong>details</strong>.</p>",
            "Entities: © &amp; &lt;tag&gt;",
            "<a href=\"https://example.org/spec\" title=\"The spec\">reference link</a>",
            "<a href=\"https://en.wikipedia.org/wiki/Red%E2%80%93black_tree_(data_structure)\">link with parentheses</a>",
            "<a href=\"https://example.org/bare\">https://example.org/bare</a>.",
            "type=\"checkbox\" checked=\"checked\"> task done", "type=\"checkbox\"> task open",
            "<img src=\"data:image/png;base64,iVBORw0KGgo", "<span class=\"math\">\\(h \\le 2\\log_2(n+1)\\)</span>", "<div class=\"math\">",
        })
            Assert.True(html.Contains(expected, StringComparison.Ordinal), $"missing: {expected}");
    }

    [ToolFact(ExternalTool.Nbformat)]
    public async Task executed_notebooks_are_valid_nbformat_4_5()
    {
        ExternalTools.Require(ExternalTool.Nbformat);
        var run = await Cli.RunAsync(workers, "outputs.ipynb", "failing.ipynb", "sample.dib", "plot.ipynb", "raises.ipynb");
        Assert.True(run.ExitCode == 1, run.ToString());
        var files = new[] { "outputs", "failing", "sample", "plot", "raises" }.Select(run.Ipynb).ToList();
        var script = "import nbformat, sys\nfor f in sys.argv[1:]:\n    nb = nbformat.read(f, as_version=4)\n    nbformat.validate(nb)\n    assert nb.nbformat_minor == 5, f\nprint('valid', len(sys.argv) - 1)";
        var psi = new ProcessStartInfo(ExternalTools.NbformatPython!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-W");
        psi.ArgumentList.Add("error");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var f in files) psi.ArgumentList.Add(f);
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"nbformat validation failed (needs Debian python3-nbformat):\n{stdout}\n{stderr}");
        Assert.Equal("valid 5", stdout.Trim());
    }

    /// <summary>A tag that loads a resource (script, link, img, iframe, ...) from an absolute or scheme-relative URL, or a CSS url() doing so.</summary>
    [GeneratedRegex(@"<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?\s(src|href|srcset|data|poster)\s*=\s*[""']?\s*(https?:)?//[^\s""'>]*|url\(\s*[""']?\s*(https?:)?//[^)]*\)|@import\s+[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();

    sealed class OutputComparer : IEqualityComparer<CellOutput>
    {
        public bool Equals(CellOutput? x, CellOutput? y) => x?.OutputType == y?.OutputType && x?.Name == y?.Name && x?.Text == y?.Text;

        public int GetHashCode(CellOutput o) => HashCode.Combine(o.OutputType, o.Name, o.Text);
    }
}
