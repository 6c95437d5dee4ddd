// Workbench.Lab: Races.Matrix explores its scenarios on every core; the table must be the one the explorations give
// one after another, and a bad scenario must surface as its own error.
using Workbench.Lab;
using Workbench.Scenarios;

namespace Workbench.Lab.Tests.Lab;

public sealed class RacesMatrixTests
{
    static string Race(string name) => Path.Combine(RepoPaths.Root, "datasets", "races", name);

    static readonly (string Finding, string Path, string Text, string? Failure)[] Findings =
    [
        ("B4 transient EBUSY", Race("b4_destroy_ebusy.scn"), "line 10: vmspace_destroy = -1 EBUSY", null),
        ("C1 cache hit during destroy", Race("c1_cache_hit_during_destroy.scn"), "NULL pointer dereference", "panic"),
        ("C4 double free", Race("c4_cache_switch_during_destroy.scn"), "KASAN", "use after free"),
    ];

    static readonly string[] Kernels = ["seed", "d95d5e03", "98e80c61", "1e0d343f"];

    [Fact]
    public void the_matrix_is_the_table_of_each_exploration_run_one_after_another()
    {
        var matrix = Races.Matrix(Findings, Kernels);
        Assert.Equal(Findings.Length, (int)matrix.Rows.Count);
        for (int row = 0; row < Findings.Length; row++)
        {
            var (_, path, text, failure) = Findings[row];
            foreach (var kernel in Kernels)
            {
                var expected = Races.Reaches(Races.Explore(path, kernel), text, failure) ? "yes" : "no";
                Assert.Equal(expected, (string)matrix[kernel][row]);
            }
        }
        // What notebook 05 asserts: B4 reachable on the seed, C1 on d95d5e03 and C4 on 98e80c61, neither on the seed.
        string Cell(string kernel, int row) => (string)matrix[kernel][row];
        Assert.Equal(("yes", "no", "no"), (Cell("seed", 0), Cell("seed", 1), Cell("seed", 2)));
        Assert.Equal(("yes", "yes"), (Cell("d95d5e03", 1), Cell("98e80c61", 2)));
    }

    [Fact]
    public void a_missing_scenario_in_the_matrix_throws_its_own_error_not_an_aggregate()
    {
        var missing = Race("no_such_race.scn");
        var e = Assert.ThrowsAny<Exception>(() => Races.Matrix([("X", missing, "anything", null)], ["seed"]));
        Assert.IsNotType<AggregateException>(e);
        Assert.Contains("no_such_race.scn", e.Message);
    }
}
