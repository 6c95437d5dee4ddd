// Workbench.Charts: the readability rules every figure gets (log axes, integer ticks, distinct series, responsive).
using System.Text.Json;
using Workbench.Charts;
using Workbench.Charts.Contract;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Charts;

[Collection(GlobalStateCollection.Name)]
public sealed class FigureStyleTests
{
    static JsonElement Layout(WorkbenchChart chart) => JsonDocument.Parse(chart.FigureJson).RootElement.GetProperty("layout");

    static JsonElement Trace(WorkbenchChart chart, int i) => JsonDocument.Parse(chart.FigureJson).RootElement.GetProperty("data")[i];

    static string? AxisType(WorkbenchChart chart, string axis) =>
        Layout(chart).GetProperty(axis).TryGetProperty("type", out var t) ? t.GetString() : null;

    [Fact]
    public void values_spanning_decades_on_both_axes_get_log_log_axes_labelled_in_real_units()
    {
        var chart = C.Line(new[] { 1, 10, 100, 1000 }, new[] { 2, 20, 200, 2000 }, xTitle: "pages (count)");
        Assert.Equal("log", AxisType(chart, "xaxis"));
        Assert.Equal("log", AxisType(chart, "yaxis"));
        // The data stay in real units: plotly labels a log axis 1, 10, 100 (never "log2 of ...").
        Assert.Equal(1000, Trace(chart, 0).GetProperty("x")[3].GetDouble());
    }

    [Fact]
    public void a_zero_or_a_narrow_range_keeps_linear_axes_and_time_is_never_log_by_itself()
    {
        Assert.Null(AxisType(C.Line(new[] { 1, 10, 100, 1000 }, new[] { 0, 1, 2, 3 }), "yaxis"));
        Assert.Null(AxisType(C.Line(new[] { 1, 10, 100, 1000 }, new[] { 0, 1, 2, 3 }), "xaxis"));
        Assert.Null(AxisType(C.Line(new[] { 1, 2, 3 }, new[] { 5, 6, 7 }), "yaxis"));
    }

    [Fact]
    public void an_explicit_scale_wins_over_the_data()
    {
        var chart = C.Line(new[] { 1, 2, 3 }, new[] { 5, 6, 7 }).WithAxisScales(AxisScale.Log, AxisScale.Linear);
        Assert.Equal("log", AxisType(chart, "xaxis"));
        Assert.Null(AxisType(chart, "yaxis"));
    }

    [Fact]
    public void bars_whose_heights_span_decades_get_a_log_axis_and_zero_bars_do_not_prevent_it()
    {
        var chart = C.Bar(new[] { "vmspace_ctl", "vmspace_destroy", "vmspace_munmap" }, new[] { 20000, 40, 0 });
        Assert.Equal("log", AxisType(chart, "yaxis"));
    }

    [Fact]
    public void small_integer_counts_get_a_tick_at_every_integer_never_at_half_values()
    {
        var y = Layout(C.StepLine(new[] { 0, 1, 2, 3 }, new[] { 0, 2, 1, 2 })).GetProperty("yaxis");
        Assert.Equal(1, y.GetProperty("dtick").GetDouble());
        Assert.Equal(",d", y.GetProperty("tickformat").GetString());
        Assert.False(Layout(C.Line(new[] { 0, 1 }, new[] { 0.5, 1.5 })).GetProperty("yaxis").TryGetProperty("dtick", out _));
    }

    [Fact]
    public void each_series_gets_its_own_dash_and_marker_and_later_series_are_drawn_thinner_on_top()
    {
        var chart = C.Line([C.Series("reflected", new[] { 1, 2, 4 }, new[] { 1, 2, 4 }), C.Series("MADV_INVAL", new[] { 1, 2, 4 }, new[] { 1, 2, 4 })]);
        var (a, b) = (Trace(chart, 0), Trace(chart, 1));
        Assert.NotEqual(a.GetProperty("line").GetProperty("dash").GetString(), b.GetProperty("line").GetProperty("dash").GetString());
        Assert.NotEqual(a.GetProperty("marker").GetProperty("symbol").GetString(), b.GetProperty("marker").GetProperty("symbol").GetString());
        Assert.True(a.GetProperty("line").GetProperty("width").GetDouble() > b.GetProperty("line").GetProperty("width").GetDouble());
        Assert.True(a.GetProperty("marker").GetProperty("size").GetDouble() > b.GetProperty("marker").GetProperty("size").GetDouble());
    }

    [Fact]
    public void figures_are_responsive_with_the_legend_below_and_no_fixed_width()
    {
        var chart = C.Line(new[] { 1, 2 }, new[] { 1, 2 });
        var layout = Layout(chart);
        Assert.False(layout.TryGetProperty("width", out _));
        Assert.True(layout.GetProperty("autosize").GetBoolean());
        Assert.Equal("h", layout.GetProperty("legend").GetProperty("orientation").GetString());
        Assert.Equal("container", layout.GetProperty("legend").GetProperty("yref").GetString());
        Assert.Equal("bottom", layout.GetProperty("legend").GetProperty("yanchor").GetString());
        Assert.Contains("style=\"width:100%;max-width:720px;height:420px;\"", chart.Html);
    }

    [Fact]
    public void styling_is_deterministic() =>
        Assert.Equal(C.Line(new[] { 1, 100, 10000 }, new[] { 3, 300, 30000 }).FigureJson, C.Line(new[] { 1, 100, 10000 }, new[] { 3, 300, 30000 }).FigureJson);
}
