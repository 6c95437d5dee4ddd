// Workbench.Charts: the HTML fragment and standalone page (offline rendering contract).
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Charts;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Charts;

[Collection(GlobalStateCollection.Name)]
public sealed class ChartHtmlTests : IDisposable
{
    const string PlotlyBanner = "plotly.js v2.28.0";
    readonly PlotlyInlining _saved = C.Inlining;

    public void Dispose() => C.Inlining = _saved;

    static WorkbenchChart Sample(string title = "t") =>
        C.Line(new[] { 1, 2, 3 }, new[] { 2, 4, 8 }, name: "s", title: title, xTitle: "time (ticks)", yTitle: "pages (count)");

    static void AssertNoUrl(string html, string what)
    {
        foreach (var scheme in new[] { "http://", "https://" })
        {
            var at = html.IndexOf(scheme, StringComparison.OrdinalIgnoreCase);
            Assert.True(at < 0, $"{what} contains {scheme} at {at}: ...{(at < 0 ? "" : html.Substring(Math.Max(0, at - 60), 120))}...");
        }
        // plotly.js itself keeps its default topojsonURL (a CDN, used only by geo maps, which Workbench
        // never draws), escaped as https:\/\/cdn.plot.ly; everything else must not mention a CDN.
        Assert.DoesNotContain("cdn.", html.Replace(C.PlotlyJavaScript, ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ids_come_from_a_per_process_counter_in_creation_order()
    {
        var a = Sample();
        var b = Sample();
        Assert.Equal(a.Number + 1, b.Number);
        Assert.Equal($"wb-chart-{a.Number}", a.Id);
        Assert.Contains($"<div id=\"{a.Id}\"", a.Html);
        Assert.Contains($"var id = '{b.Id}';", b.Html);
        Assert.DoesNotMatch(new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), a.Html);
    }

    [Fact]
    public void html_is_stable_and_differs_between_charts_only_in_the_id()
    {
        C.Inlining = PlotlyInlining.Never;
        var a = Sample();
        var b = Sample();
        Assert.Same(a.Html, a.Html);
        Assert.Equal(a.Html.Replace(a.Id, "ID"), b.Html.Replace(b.Id, "ID"));
    }

    [Fact]
    public void every_fragment_starts_with_the_marker_and_calls_newPlot_with_the_figure()
    {
        C.Inlining = PlotlyInlining.Never;
        var chart = Sample();
        Assert.StartsWith(C.NeedsPlotlyMarker + "\n", chart.Html);
        Assert.Equal("<!-- workbench:needs-plotly -->", C.NeedsPlotlyMarker);
        Assert.Contains("window.Plotly.newPlot(el, figure.data, figure.layout", chart.Html);
        Assert.Contains("var figure = " + chart.FigureJson + ";", chart.Html);
        Assert.DoesNotContain(PlotlyBanner, chart.Html);
    }

    [Fact]
    public void first_chart_of_the_process_carries_plotly_once_outside_the_runner()
    {
        C.Inlining = PlotlyInlining.FirstChartInProcess;
        C.ResetFirstInlining();
        var first = Sample();
        var second = Sample();
        Assert.Contains(PlotlyBanner, first.Html);
        Assert.Contains("if (typeof window.Plotly === 'undefined') {", first.Html);
        Assert.True(first.Html.IndexOf(PlotlyBanner, StringComparison.Ordinal) < first.Html.IndexOf("<div id=", StringComparison.Ordinal),
            "plotly.js must come before the chart that uses it");
        Assert.DoesNotContain(PlotlyBanner, second.Html);
        Assert.StartsWith(C.NeedsPlotlyMarker, second.Html);
    }

    [Fact]
    public void every_chart_mode_inlines_plotly_in_each_fragment()
    {
        C.Inlining = PlotlyInlining.EveryChart;
        Assert.Contains(PlotlyBanner, Sample().Html);
        Assert.Contains(PlotlyBanner, Sample().Html);
    }

    [Fact]
    public void the_runner_mode_never_inlines_plotly()
    {
        C.Inlining = PlotlyInlining.Never;
        C.ResetFirstInlining();
        Assert.DoesNotContain(PlotlyBanner, Sample().Html);
    }

    [Theory]
    [InlineData(null, "workbench", PlotlyInlining.Never)]
    [InlineData(null, "testhost", PlotlyInlining.FirstChartInProcess)]
    [InlineData(null, "Microsoft.DotNet.Interactive.App", PlotlyInlining.FirstChartInProcess)]
    [InlineData(null, null, PlotlyInlining.FirstChartInProcess)]
    [InlineData("never", "testhost", PlotlyInlining.Never)]
    [InlineData("first", "workbench", PlotlyInlining.FirstChartInProcess)]
    [InlineData(" First ", "workbench", PlotlyInlining.FirstChartInProcess)]
    [InlineData("every", "workbench", PlotlyInlining.EveryChart)]
    [InlineData("bogus", "workbench", PlotlyInlining.Never)]
    public void the_inlining_rule_follows_the_variable_then_the_entry_assembly(string? variable, string? entry, PlotlyInlining expected) =>
        Assert.Equal(expected, C.DefaultInlining(variable, entry));

    [Fact]
    public void no_chart_html_or_standalone_page_contains_a_url()
    {
        C.Inlining = PlotlyInlining.FirstChartInProcess;
        C.ResetFirstInlining();
        var charts = new[]
        {
            Sample(), C.Scatter(new[] { 1 }, new[] { 2 }), C.StepLine(new[] { 1, 2 }, new[] { 1, 1 }),
            C.Bar(new[] { "a" }, new[] { 1 }), C.Histogram(new[] { 1.0, 2.0 }),
        };
        Assert.Contains(PlotlyBanner, charts[0].Html);
        foreach (var chart in charts)
        {
            AssertNoUrl(chart.Html, chart.Id + " Html");
            AssertNoUrl(chart.ToStandaloneHtml(), chart.Id + " standalone page");
        }
        Assert.DoesNotContain("://", C.PlotlyJavaScript);
    }

    [Fact]
    public void standalone_page_inlines_plotly_in_the_head_and_has_no_marker()
    {
        var page = Sample("a <b> & c").ToStandaloneHtml();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<title>a &lt;b&gt; &amp; c</title>", page);
        var plotly = page.IndexOf(PlotlyBanner, StringComparison.Ordinal);
        Assert.InRange(plotly, 0, page.IndexOf("</head>", StringComparison.Ordinal));
        Assert.DoesNotContain(C.NeedsPlotlyMarker, page);
        Assert.EndsWith("</html>\n", page);
    }

    [Fact]
    public void a_title_containing_a_closing_script_tag_cannot_end_the_script_element()
    {
        C.Inlining = PlotlyInlining.Never;
        var chart = Sample("</script><script>alert(1)</script>");
        Assert.Single(Regex.Matches(chart.Html, "</script>"));
        Assert.Contains("\\u003c/script>", chart.Html);
    }

    [Theory]
    [InlineData("e.href=\"https://plotly.com/\"")]
    [InlineData("n=\"http://www.w3.org/2000/svg\"")]
    [InlineData("s='x</script>y'")]
    public void escaping_plotly_keeps_string_values_identical(string js)
    {
        // \/ means / in JavaScript and JSON string literals alike, so JSON can check the escaped literal's value.
        var escaped = PlotlyBridgeAccess.Escape(js);
        Assert.DoesNotContain("://", escaped);
        Assert.DoesNotContain("</script", escaped);
        var literal = Regex.Match(escaped, "[\"'](.*)[\"']").Groups[1].Value.Replace("\"", "\\\"");
        var original = Regex.Match(js, "[\"'](.*)[\"']").Groups[1].Value;
        Assert.Equal(original, JsonSerializer.Deserialize<string>("\"" + literal + "\""));
    }

    [Fact]
    public void plain_text_summary_is_one_line_naming_id_kind_title_and_axes()
    {
        var x = Enumerable.Range(0, C.WebGlThreshold + 1).ToArray();
        var chart = C.Line(x, x, title: "big", xTitle: "time (ticks)", yTitle: "faults (count)", seed: 5);
        Assert.Equal($"{chart.Id}: Line \"big (seed 5)\", 1 series, 10001 points (scattergl), x: time (ticks), y: faults (count)", chart.ToString());
    }
}
