// The shipped notebooks run in-process with NotebookRun (small parameters, so each takes seconds), and the tests read
// what they computed as typed values: claims that used to live only in each notebook's findings cell, checked here
// on the real objects, and with other seeds than the notebook's default.
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Analysis.Experiments;
using Workbench.Guest.Experiments;
using Workbench.Notebooks.Testing;

namespace Workbench.Lab.Tests.Notebooks;

[Collection(GlobalStateCollection.Name)]
public sealed class NotebookValueTests
{
    static string Notebook(string name) => Path.Combine(RepoPaths.Notebooks, name);

    static string?[] Column(DataFrame df, string name) => FrameColumns.Strings(df, name);

    [Fact]
    public async Task getting_started_vmspace_destroy_answers_EBUSY_before_it_succeeds()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("00-getting-started.ipynb"), new { seed = 3UL });
        var trace = run.Get<DataFrame>("trace");
        var calls = Column(trace, "call");
        var errnos = Column(trace, "errno");
        var destroys = Enumerable.Range(0, calls.Length).Where(i => calls[i] == "vmspace_destroy").ToList();
        var firstBusy = destroys.FindIndex(i => errnos[i] == "EBUSY");
        var okAfterBusy = firstBusy >= 0 && destroys.Skip(firstBusy + 1).Any(i => errnos[i] is null);
        Assert.True(okAfterBusy, $"vmspace_destroy errnos in order: {string.Join(", ", destroys.Select(i => errnos[i] ?? "ok"))}");
        Assert.Equal(3UL, run.Get<ulong>("seed"));
    }

    [Fact]
    public async Task lookup_scaling_mean_compares_stay_within_log2_n_and_inserts_cost_more()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("01-lookup-scaling.ipynb"), new { maxVmspaces = 1000, lookupsPerSize = 200, seed = 5UL, bandSeeds = 3 });
        var table = run.Get<LookupScalingRun>("run").Table;
        var n = FrameColumns.Longs(table, "vmspaces");
        var mean = FrameColumns.Doubles(table, "mean_compares");
        var insert = FrameColumns.Doubles(table, "mean_insert_compares");
        Assert.Equal(new long[] { 10, 100, 1000 }, n);
        for (int i = 0; i < n.Length; i++)
            Assert.True(mean[i] >= Math.Log2(n[i]) - 2 && mean[i] <= Math.Log2(n[i]) + 1, $"n={n[i]}: {mean[i]} compares per lookup, not within log2(n) - 2 .. log2(n) + 1");
        Assert.True(insert[^1] > mean[^1], $"insert {insert[^1]} compares not above lookup {mean[^1]}");
        var band = run.Get<List<Workbench.Lab.BandPoint>>("band");
        Assert.Equal(new double[] { 10, 100, 1000 }, band.Select(b => b.X));
        Assert.All(band, b => Assert.True(b.Seeds == 3 && b.Lower <= b.Mean && b.Mean <= b.Upper, b.ToString()));
    }

    [Fact]
    public async Task refcount_lifecycle_ve_refs_peak_at_the_cpus_running_in_the_vmspace()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("02-refcount-lifecycle.ipynb"), new { seed = 3UL, cpus = 3, steps = 600 });
        var trace = run.Get<DataFrame>("trace");
        Assert.Equal(2, FrameColumns.Refs(trace, "ve_refs_after").Max());
        var workload = run.Get<DataFrame>("wt");
        Assert.Equal(3, FrameColumns.Refs(workload, "ve_refs_after").Max());
        // Extra code in the notebook's kernel: its own claim helper agrees.
        Assert.Null(await run.EvaluateAsync<string?>("Workbench.Lab.TraceClaims.RefcountViolation(wt)"));
    }

    [Fact]
    public async Task syscall_profile_only_vmspace_destroy_fails_and_only_with_EBUSY()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("03-syscall-profile.ipynb"), new { seed = 2UL, steps = 4000 });
        var summary = run.Get<DataFrame>("summary");
        var calls = Column(summary, "call");
        var errors = FrameColumns.Longs(summary, "errors");
        var byErrno = Column(summary, "errors_by_errno");
        for (int i = 0; i < calls.Length - 1; i++) // the last row is the total
            Assert.True(errors[i] == 0 || (calls[i] == "vmspace_destroy" && byErrno[i] == $"EBUSY={errors[i]}"), $"{calls[i]}: errors {byErrno[i]}");
        Assert.DoesNotContain("vmspace_pread", calls);
        var tokens = FrameColumns.Doubles(summary, "tokens_per_call");
        Assert.Equal(2.0, tokens[Array.IndexOf(calls, "vmspace_ctl")]);
    }

    [Fact]
    public async Task fault_behaviour_each_page_is_reflected_once_and_resolved_twice_in_the_host()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("04-fault-behaviour.ipynb"), new { seed = 4UL, maxPages = 16, passes = 3, processes = 10, cpus = 2 });
        var ws = run.Get<List<WorkingSetRow>>("ws");
        Assert.Equal(new[] { 1, 2, 4, 8, 16 }, ws.Select(r => r.Pages));
        Assert.All(ws, r =>
        {
            Assert.Equal(r.Pages, r.Reflected);
            Assert.Equal(2 * r.Pages, r.ResolvedInHost);
            Assert.Equal(r.Pages, r.Invals);
        });
    }

    [Fact]
    public async Task races_each_2017_race_is_reached_only_on_designs_before_its_fix_and_C5_stays_in_the_final_one()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("05-races.ipynb"), new { maxCpus = 4, iterations = 5 });
        var matrix = run.Get<DataFrame>("matrix");
        string Cell(string finding, string kernel)
        {
            var names = Column(matrix, "finding");
            return Column(matrix, kernel)[Array.IndexOf(names, finding)]!;
        }
        Assert.Equal("yes", Cell("C1 cache hit during destroy", "d95d5e03"));
        Assert.Equal("no", Cell("C1 cache hit during destroy", "1e0d343f"));
        Assert.Equal("no", Cell("C4 double free", "1e0d343f"));
        Assert.Equal("yes", Cell("C5 EBUSY leaks a ref", "fc531fbc"));
        Assert.Equal("no", Cell("C5 EBUSY leaks a ref", "seed"));
        var contention = run.Get<List<Workbench.Scenarios.ContentionRow>>("contention");
        Assert.Equal(new[] { 1, 2, 4 }, contention.Where(r => r.Kernel == "seed").Select(r => r.Cpus));
        Assert.All(contention.Where(r => r.Kernel == "1e0d343f"), r => Assert.Equal(0, r.TokenWaits));
    }

    [Fact]
    public async Task get_names_a_missing_variable_and_a_wrong_type()
    {
        await using var run = await NotebookRun.StartAsync(Notebook("00-getting-started.ipynb"));
        var missing = Assert.Throws<KeyNotFoundException>(() => run.Get<int>("no_such_variable"));
        Assert.Contains("no variable 'no_such_variable'", missing.Message);
        var wrong = Assert.Throws<InvalidCastException>(() => run.Get<int>("trace"));
        Assert.Contains("variable 'trace' is Microsoft.Data.Analysis.DataFrame, not System.Int32", wrong.Message);
        await Assert.ThrowsAsync<NotebookCellException>(() => run.RunAsync("throw new System.Exception(\"boom\");"));
    }
}
