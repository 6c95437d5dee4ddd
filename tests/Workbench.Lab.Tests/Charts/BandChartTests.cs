// Charts.Band: a mean line over a shaded confidence band (the band's edges fill between them, without legend noise).
using System.Text.Json.Nodes;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Charts;

[Collection(GlobalStateCollection.Name)]
public sealed class BandChartTests
{
    [Fact]
    public void band_fills_between_its_edges_and_draws_the_mean_as_a_line_on_top()
    {
        var chart = C.Band(new[] { 10, 100 }, new[] { 3.0, 6.0 }, new[] { 2.5, 5.5 }, new[] { 3.5, 6.5 }, name: "mean", title: "band", seed: 7);
        var data = JsonNode.Parse(chart.FigureJson)!["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        var (lower, upper, mean) = (data[0]!, data[1]!, data[2]!);
        Assert.Null(lower["fill"]);
        Assert.False((bool)lower["showlegend"]!);
        Assert.Equal("tonexty", (string?)upper["fill"]);
        Assert.Equal("95% confidence interval", (string?)upper["name"]);
        Assert.Equal(0, (double)upper["line"]!["width"]!);
        Assert.Equal("mean", (string?)mean["name"]);
        Assert.Null(mean["fill"]);
        Assert.Equal(new[] { 3.0, 6.0 }, mean["y"]!.AsArray().Select(v => (double)v!));
        Assert.Contains("(seed 7)", chart.Title);
    }

    [Fact]
    public void an_ordinary_line_chart_has_no_fill()
    {
        var json = C.Line(new[] { 1, 2 }, new[] { 3, 4 }).FigureJson;
        Assert.DoesNotContain("tonexty", json);
    }
}
