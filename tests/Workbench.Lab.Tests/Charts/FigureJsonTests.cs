// Workbench.Charts: the figure JSON Plotly.NET produces for each helper.
using System.Text.Json;
using Workbench.Charts;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Charts;

[Collection(GlobalStateCollection.Name)]
public sealed class FigureJsonTests
{
    static JsonElement Figure(WorkbenchChart chart) => JsonDocument.Parse(chart.FigureJson).RootElement;

    static JsonElement Trace(WorkbenchChart chart, int i = 0) => Figure(chart).GetProperty("data")[i];

    static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void line_is_a_scatter_trace_in_lines_mode_with_its_points_and_name()
    {
        var chart = C.Line(new[] { 1, 2, 3 }, new[] { 1.0, 4.0, 9.0 }, name: "squares");
        var t = Trace(chart);
        Assert.Equal("scatter", t.GetProperty("type").GetString());
        Assert.Equal("lines+markers", t.GetProperty("mode").GetString()); // few points: a marker at each
        Assert.Equal("squares", t.GetProperty("name").GetString());
        Assert.Equal(new[] { 1.0, 2, 3 }, Numbers(t.GetProperty("x")));
        Assert.Equal(new[] { 1.0, 4, 9 }, Numbers(t.GetProperty("y")));
    }

    [Fact]
    public void title_carries_the_seed_and_axis_titles_carry_units()
    {
        var chart = C.Line(new[] { 0, 1 }, new[] { 0, 1 }, title: "map entries", xTitle: "time (ticks)", yTitle: "entries (count)", seed: 42);
        var layout = Figure(chart).GetProperty("layout");
        Assert.Equal("map entries (seed 42)", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("time (ticks)", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("entries (count)", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("map entries (seed 42)", chart.Title);
    }

    [Fact]
    public void with_title_replaces_the_title_and_keeps_the_data()
    {
        var chart = C.Scatter(new[] { 1, 2 }, new[] { 3, 4 }, title: "old").WithTitle("faults", seed: 3);
        Assert.Equal("faults (seed 3)", Figure(chart).GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(new[] { 3.0, 4 }, Numbers(Trace(chart).GetProperty("y")));
        Assert.Equal("seed 9", C.TitleWithSeed("", 9));
        Assert.Equal("t", C.TitleWithSeed("t", null));
    }

    [Fact]
    public void scatter_draws_markers_only()
    {
        var t = Trace(C.Scatter(new[] { 1.0, 2.0 }, new[] { 5.0, 6.0 }));
        Assert.Equal("scatter", t.GetProperty("type").GetString());
        Assert.Equal("markers", t.GetProperty("mode").GetString());
    }

    [Fact]
    public void step_line_sets_line_shape_hv()
    {
        var t = Trace(C.StepLine(new[] { 0, 1, 2 }, new[] { 3, 3, 5 }, name: "refs"));
        Assert.Equal("lines+markers", t.GetProperty("mode").GetString()); // few points: a marker at each
        Assert.Equal("hv", t.GetProperty("line").GetProperty("shape").GetString());
    }

    [Fact]
    public void bar_puts_categories_on_x_and_values_on_y()
    {
        var t = Trace(C.Bar(new[] { "vmspace_mmap", "vmspace_munmap" }, new[] { 7, 2 }, yTitle: "calls (count)"));
        Assert.Equal("bar", t.GetProperty("type").GetString());
        Assert.Equal(new[] { "vmspace_mmap", "vmspace_munmap" }, t.GetProperty("x").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.Equal(new[] { 7.0, 2 }, Numbers(t.GetProperty("y")));
    }

    [Fact]
    public void histogram_takes_the_samples_as_x_and_caps_the_bins()
    {
        var chart = C.Histogram(new[] { 1, 2, 2, 3, 3, 3 }, name: "depth", xTitle: "depth (levels)", bins: 3);
        var t = Trace(chart);
        Assert.Equal("histogram", t.GetProperty("type").GetString());
        Assert.Equal(new[] { 1.0, 2, 2, 3, 3, 3 }, Numbers(t.GetProperty("x")));
        Assert.Equal(3, t.GetProperty("nbinsx").GetInt32());
        Assert.Equal("count", Figure(chart).GetProperty("layout").GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void multi_series_overloads_give_one_trace_per_series_in_order()
    {
        var line = C.Line([C.Series("a", new[] { 1, 2 }, new[] { 1, 2 }), C.Series("b", new[] { 1, 2 }, new[] { 2, 1 })], title: "two");
        var data = Figure(line).GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(new[] { "a", "b" }, data.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToArray());

        var bars = C.Bar([C.BarSeries("before", new[] { "x", "y" }, new[] { 1, 2 }), C.BarSeries("after", new[] { "x", "y" }, new[] { 3, 4 })]);
        Assert.Equal(2, Figure(bars).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData(C.WebGlThreshold, "scatter")]
    [InlineData(C.WebGlThreshold + 1, "scattergl")]
    public void traces_switch_to_scattergl_above_the_threshold(int points, string expected)
    {
        var x = Enumerable.Range(0, points).ToArray();
        Assert.Equal(expected, Trace(C.Line(x, x)).GetProperty("type").GetString());
        Assert.Equal(expected, Trace(C.StepLine(x, x)).GetProperty("type").GetString());
        var half = x.Take(points / 2).ToArray();
        var rest = x.Skip(points / 2).ToArray();
        var multi = C.Scatter([C.Series("a", half, half), C.Series("b", rest, rest)]);
        Assert.All(Figure(multi).GetProperty("data").EnumerateArray(), t => Assert.Equal(expected, t.GetProperty("type").GetString()));
    }

    [Fact]
    public void non_finite_points_are_left_out_so_the_json_stays_valid()
    {
        var chart = C.Line(new[] { 0.0, 1, 2, 3 }, new[] { 1.0, double.NaN, double.PositiveInfinity, 4 });
        var t = Trace(chart);
        Assert.Equal(new[] { 0.0, 3 }, Numbers(t.GetProperty("x")));
        Assert.Equal(new[] { 1.0, 4 }, Numbers(t.GetProperty("y")));
    }

    [Fact]
    public void mismatched_lengths_are_rejected_with_the_series_name()
    {
        var e = Assert.Throws<ArgumentException>(() => C.Line(new[] { 1, 2, 3 }, new[] { 1, 2 }, name: "short"));
        Assert.Contains("short", e.Message);
        Assert.Contains("3 x values instead of 2", e.Message);
    }

    [Fact]
    public void the_same_chart_built_twice_has_identical_figure_json()
    {
        var a = C.Line(new[] { 1, 2 }, new[] { 3, 4 }, title: "t", seed: 1);
        var b = C.Line(new[] { 1, 2 }, new[] { 3, 4 }, title: "t", seed: 1);
        Assert.Equal(a.FigureJson, b.FigureJson);
    }

    [Fact]
    public void the_renderer_writes_exactly_what_plotly_nets_toFigureJson_writes()
    {
        // The renderer serializes with a reference-equality loop check (it skips DynamicObj's deep hashing); the
        // JSON must stay Plotly.NET's own, byte for byte, for every kind of trace and for several series at once.
        var renderer = PlotlyBridge.Renderer;
        var rendererType = renderer.GetType();
        var build = rendererType.GetMethod("Build", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var plotly = rendererType.Assembly.GetReferencedAssemblies().Single(a => a.Name == "Plotly.NET");
        var genericChart = PlotlyBridge.Context.LoadFromAssemblyName(plotly).GetType("Plotly.NET.GenericChart", throwOnError: true)!;
        var toFigureJson = genericChart.GetMethod("toFigureJson")!;
        var xs = Enumerable.Range(0, 400).ToArray();
        var charts = new[]
        {
            C.Line(new[] { C.Series("a", xs, xs.Select(x => x * 0.5)), C.Series("b", xs, xs.Select(x => x * 1.5)) }, title: "two lines", seed: 7),
            C.Scatter(xs, xs.Select(x => (double)(x % 17)), name: "s", xTitle: "x (ticks)", yTitle: "y (count)"),
            C.StepLine(xs, xs.Select(x => x / 3), name: "steps"),
            C.Bar(new[] { "a", "b", "c" }, new[] { 3, 1, 2 }, name: "bars"),
            C.Histogram(xs.Select(x => (double)(x % 23)), name: "h"),
            C.Band(xs, xs.Select(x => (double)x), xs.Select(x => x - 1.0), xs.Select(x => x + 1.0), name: "mean"),
        };
        foreach (var chart in charts)
        {
            var expected = (string)toFigureJson.Invoke(null, [build.Invoke(null, [chart.Spec])])!;
            Assert.Equal(expected, renderer.RenderFigureJson(chart.Spec));
        }
    }
}
