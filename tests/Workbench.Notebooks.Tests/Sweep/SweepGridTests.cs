// The grid, the shard rule and the table's CSV, without running anything.
using Workbench.Notebooks.Sweep;

namespace Workbench.Notebooks.Tests.Sweep;

public sealed class SweepGridTests
{
    static SweepGrid Grid(params (string, string)[] specs) => SweepGrid.Parse(specs.Select(s => KeyValuePair.Create(s.Item1, s.Item2)));

    [Fact]
    public void ranges_steps_and_lists_expand_with_the_first_parameter_outermost()
    {
        var grid = Grid(("seed", "1..3"), ("size", "10,100"));
        Assert.Equal(6, grid.Count);
        var points = grid.Points().Select(p => string.Join(" ", p.Values.Select(v => $"{v.Key}={v.Value}"))).ToList();
        Assert.Equal(["seed=1 size=10", "seed=1 size=100", "seed=2 size=10", "seed=2 size=100", "seed=3 size=10", "seed=3 size=100"], points);
        Assert.Equal(["0", "5", "10"], Grid(("n", "0..10..5")).Axes[0].Values);
        Assert.Equal(["-2", "-1", "0"], Grid(("n", "-2..0")).Axes[0].Values);
        Assert.Equal(["only"], Grid(("label", "only")).Axes[0].Values);
    }

    [Theory]
    [InlineData("5..1")]
    [InlineData("1..5..0")]
    [InlineData("1..x")]
    [InlineData("0..1000000")]
    public void a_bad_spec_is_a_format_error_naming_it(string spec)
    {
        var e = Assert.Throws<FormatException>(() => Grid(("seed", spec)));
        Assert.Contains($"-p seed={spec}", e.Message);
    }

    [Fact]
    public void shards_split_the_runs_round_robin_and_cover_each_exactly_once()
    {
        var shards = Enumerable.Range(0, 3).Select(i => new SweepShard(i, 3)).ToList();
        for (int run = 0; run < 20; run++) Assert.Single(shards, s => s.Includes(run));
        Assert.Equal(new SweepShard(1, 4), SweepShard.Parse("1/4", out _));
        Assert.Null(SweepShard.Parse("4/4", out var error));
        Assert.Contains("0 <= I < N", error);
        Assert.Null(SweepShard.Parse("1-4", out _));
    }

    [Fact]
    public void the_csv_round_trips_quotes_commas_newlines_empty_strings_and_nulls()
    {
        var table = new SweepTable(["run", "text"]);
        table.Rows.Add(["0", "a, \"quoted\"\nline"]);
        table.Rows.Add(["1", ""]);
        table.Rows.Add(["2", null]);
        var csv = table.ToCsv();
        var back = SweepTable.FromCsv(csv, "t.csv");
        Assert.Equal(table.Columns, back.Columns);
        Assert.Equal(table.Rows, back.Rows);
        Assert.Equal(csv, back.ToCsv());
    }
}
