// The HTML page writer on hand-made notebooks: plotly.js once per page, external resources neutralised.
using Workbench.Notebooks.Html;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Tests.Html;

public sealed class NotebookHtmlWriterTests
{
    static NotebookDocument Doc(params string[] htmlOutputs)
    {
        var doc = new NotebookDocument { SourcePath = "/x/charts.ipynb" };
        foreach (var (html, i) in htmlOutputs.Select((h, i) => (h, i)))
        {
            var cell = new NotebookCell { Id = $"c{i}", Kind = CellKind.Code, Source = "chart", KernelName = "csharp", ExecutionCount = i + 1 };
            cell.Outputs.Add(CellOutput.Values(CellOutput.ExecuteResult, [KeyValuePair.Create("text/html", html)]));
            doc.Cells.Add(cell);
        }
        return doc;
    }

    [Fact]
    public void plotly_js_is_inlined_once_for_many_charts_and_never_without_a_marker()
    {
        var calls = 0;
        string Stub() { calls++; return "window.Plotly = {}; var s = '</script>';"; }
        var chart = NotebookHtmlWriter.NeedsPlotlyMarker + "<div id=\"c\"></div>";
        var page = NotebookHtmlWriter.Write(Doc(chart, chart, chart), Stub);
        Assert.Equal(1, calls);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "window.Plotly = \\{\\}"));
        Assert.Contains("var s = '<\\/script>';", page);
        Assert.True(page.IndexOf("window.Plotly", StringComparison.Ordinal) < page.IndexOf("</head>", StringComparison.Ordinal));

        NotebookHtmlWriter.Write(Doc("<b>no chart</b>"), Stub);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void a_missing_plotly_js_gives_a_visible_warning_instead_of_failing_the_run()
    {
        var page = NotebookHtmlWriter.Write(Doc(NotebookHtmlWriter.NeedsPlotlyMarker), () => throw new FileNotFoundException("no Plotly.NET.dll"));
        Assert.Contains("<p class=\"warning\">Charts cannot be drawn: plotly.js is missing (no Plotly.NET.dll).</p>", page);
    }

    [Theory]
    [InlineData("<script src=\"https://cdn.plot.ly/plotly.min.js\"></script>", "<script data-blocked-src=\"https://cdn.plot.ly/plotly.min.js\"></script>")]
    [InlineData("<img alt='x' src='//example.org/a.png'>", "<img alt='x' data-blocked-src='//example.org/a.png'>")]
    [InlineData("<link rel=\"stylesheet\" href=\"http://e.org/a.css\">", "<link rel=\"stylesheet\" data-blocked-href=\"http://e.org/a.css\">")]
    [InlineData("<div style=\"background:url(https://e.org/a.png)\">", "<div style=\"background:url(about:blank#e.org/a.png)\">")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\">", "<img src=\"data:image/png;base64,AAAA\">")]
    [InlineData("<a href=\"#local\">ok</a>", "<a href=\"#local\">ok</a>")]
    public void outputs_cannot_load_from_another_host(string html, string expected) =>
        Assert.Equal(expected, NotebookHtmlWriter.Neutralise(html));

    [Fact]
    public void the_runners_own_plotly_js_block_is_passed_over_with_the_same_result_and_a_look_alike_is_scanned()
    {
        var block = PlotlyScript.InlineBlock(PlotlyScript.Load());
        var html = "<img src=\"https://e.org/a.png\">" + NotebookHtmlWriter.NeedsPlotlyMarker + "\n" + block + "<script src=\"//e.org/b.js\"></script>";
        Assert.Equal(html.IndexOf(PlotlyScript.CarriesMarker, StringComparison.Ordinal), PlotlyScript.FindOwnBlock(html)?.Start);
        var page = NotebookHtmlWriter.Neutralise(html);
        Assert.Equal(NotebookHtmlWriter.NeutraliseText(html), page);   // plotly.js itself has nothing to neutralise
        Assert.Equal(2, page.Split("data-blocked-src=").Length - 1);
        // The marker followed by anything but that exact text is a kernel's output like any other.
        var lookAlike = PlotlyScript.CarriesMarker + "\n<script src=\"https://e.org/c.js\"></script>" + block[PlotlyScript.CarriesMarker.Length..];
        Assert.Null(PlotlyScript.FindOwnBlock(lookAlike));
        Assert.Contains("<script data-blocked-src=\"https://e.org/c.js\">", NotebookHtmlWriter.Neutralise(lookAlike));
    }

    [Fact]
    public void csharp_source_is_highlighted_at_render_time_and_no_input_leaves_code_out()
    {
        var doc = Doc("<b>out</b>");
        doc.Cells[0].Source = "var s = \"x < y\"; // note";
        var page = NotebookHtmlWriter.Write(doc, new PageOptions());
        Assert.Matches("<pre class=\"source\"><code class=\"language-csharp\"><span style=\"[^\"]*\" class=\"keyword\">var</span>|<pre class=\"source\"><code class=\"language-csharp\"><span class=\"keyword\">var</span>", page);
        Assert.Contains("&quot;x &lt; y&quot;", page);
        Assert.DoesNotContain("<script", page);   // highlighting needs no script
        var report = NotebookHtmlWriter.Write(doc, new PageOptions { NoInput = true });
        Assert.DoesNotContain("class=\"source\"", report);
        Assert.Contains("<b>out</b>", report);
    }

    [Fact]
    public void the_toc_lists_markdown_headings_with_their_anchors()
    {
        var doc = Doc();
        doc.Cells.Add(new NotebookCell { Id = "m1", Kind = CellKind.Markdown, Source = "# Top\n\n## Setup" });
        doc.Cells.Add(new NotebookCell { Id = "m2", Kind = CellKind.Markdown, Source = "## Setup" });
        var page = NotebookHtmlWriter.Write(doc, new PageOptions { TableOfContents = true });
        Assert.Contains("<nav class=\"toc\"><strong>Contents</strong>\n<ul>\n<li class=\"level-0\"><a href=\"#top\">Top</a></li>\n<li class=\"level-1\"><a href=\"#setup\">Setup</a></li>\n<li class=\"level-1\"><a href=\"#setup-1\">Setup</a></li>", page);
        Assert.Contains("<h2 id=\"setup-1\">Setup</h2>", page);
    }
}
