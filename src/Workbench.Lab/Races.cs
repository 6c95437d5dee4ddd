// Notebook helpers for concurrency (notebook 05): explore a concurrent scenario on a kernel design, list its outcomes,
// replay one schedule as a trace or as a per-thread timeline, compare designs side by side, and measure contention.
// Paths are relative to the notebook's folder, like Notebook.Replay.
using Microsoft.Data.Analysis;
using Workbench.Charts;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Vkernel.Designs;
using Workbench.Scenarios;

namespace Workbench.Lab;

/// <summary>One outcome of an exploration, as a table row.</summary>
public sealed record OutcomeRow(int Outcome, string Verdict, int Runs, string Schedule, string Results);

/// <summary>One step of a replayed interleaving, as a table row.</summary>
public sealed record StepRow(int Step, int Tid, string? Call, string SwitchPoint);

/// <summary>Concurrency experiments for notebooks.</summary>
public static class Races
{
    /// <summary>The design named <paramref name="kernel"/> ("seed", "2013", a commit prefix); throws naming the choices.</summary>
    public static KernelDesign Design(string kernel) => KernelDesign.Find(kernel)
        ?? throw new ArgumentException($"unknown kernel design '{kernel}' (one of: {string.Join(", ", KernelDesign.All.Select(d => d.Name))})", nameof(kernel));

    /// <summary>Every design, oldest first, with its date and what it changed.</summary>
    public static List<(string Name, string Date, string Summary)> Designs() =>
        KernelDesign.All.Select(d => (d.Name, d.Date, d.Summary)).ToList();

    /// <summary>Explores a scenario (exhaustively by default) on a design.</summary>
    public static ExploreResult Explore(string path, string kernel = "seed", string strategy = "dpor", int? preemptions = null, int budget = 100_000, ulong seed = 1) =>
        Explorer.Run(Script.Load(path), new ExploreOptions { Kernel = Design(kernel), Strategy = strategy, Preemptions = preemptions, Budget = budget, Seed = seed });

    /// <summary>The outcomes of an exploration as rows: verdict, count, shortest schedule, each line's result.</summary>
    public static List<OutcomeRow> Outcomes(ExploreResult r) =>
        r.Outcomes.Select((o, i) => new OutcomeRow(i + 1, o.Failure is null ? "ok" : o.FailureKind!, o.Count, o.Schedule,
            string.Join("; ", o.Key.Split('\n').Where(l => l.StartsWith("line ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 2)..])))).ToList();

    /// <summary>True when some outcome's description contains <paramref name="text"/> (and, with
    /// <paramref name="failure"/>, the outcome is a failure of that kind).</summary>
    public static bool Reaches(ExploreResult r, string text, string? failure = null) =>
        r.Outcomes.Any(o => (failure is null || o.FailureKind == failure) && (o.Key.Contains(text, StringComparison.Ordinal) || (o.Failure?.Contains(text, StringComparison.Ordinal) ?? false)));

    /// <summary>The trace of one schedule (strace -f style, with unfinished and resumed calls).</summary>
    public static string Trace(string path, string kernel, string schedule) =>
        Replayer.Run(Script.Load(path), new ReplayOptions { Kernel = Design(kernel), Schedule = schedule }).Trace;

    /// <summary>The steps of one schedule's parallel blocks: which thread ran, in which call, up to which switch point.</summary>
    public static List<StepRow> Steps(string path, string kernel, string schedule)
    {
        var steps = new List<StepRow>();
        using var interleaver = new Interleaver { KeepSteps = true };
        interleaver.OnStep = s => steps.Add(new StepRow(steps.Count + 1, s.Tid, s.Call, s.Point.ToString()));
        Replayer.Run(Script.Load(path), new ReplayOptions { Kernel = Design(kernel), Schedule = schedule, Interleaver = interleaver });
        return steps;
    }

    /// <summary>A per-thread timeline of one schedule: one lane per thread, one point per step, coloured by call.</summary>
    public static WorkbenchChart Timeline(string path, string kernel, string schedule, string title)
    {
        var steps = Steps(path, kernel, schedule);
        var series = steps.GroupBy(s => s.Call ?? "(start)").Select(g =>
            Charts.Charts.Series(g.Key, g.Select(s => (double)s.Step), g.Select(s => (double)s.Tid)));
        return Charts.Charts.Scatter(series, title, "step (switch point to switch point)", "thread (tid)");
    }

    /// <summary>Which of <paramref name="kernels"/> reach each of <paramref name="findings"/> (its text in an outcome of
    /// its scenario, in a failure of its kind when it names one; see <see cref="Reaches"/>): one row per finding, one
    /// column per design ("yes" or "no"). Each scenario is explored once per design; the explorations are independent
    /// and deterministic, so they run on every core and the table is the same as one after another.</summary>
    public static DataFrame Matrix(IEnumerable<(string Finding, string Path, string Text, string? Failure)> findings, IEnumerable<string> kernels)
    {
        var ks = kernels.ToList();
        var list = findings.ToList();
        var pairs = (from k in ks from f in list select (f.Path, k)).Distinct().ToList();
        var results = new ExploreResult[pairs.Count];
        try
        {
            Parallel.For(0, pairs.Count, i => results[i] = Explore(pairs[i].Path, pairs[i].k));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // What one exploration would have thrown (a missing script, an unknown design), not the wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var explored = pairs.Select((p, i) => (p, results[i])).ToDictionary(x => x.p, x => x.Item2);
        var cols = new List<DataFrameColumn> { new StringDataFrameColumn("finding", list.Select(f => f.Finding)) };
        foreach (var k in ks)
            cols.Add(new StringDataFrameColumn(k, list.Select(f => Reaches(explored[(f.Path, k)], f.Text, f.Failure) ? "yes" : "no")));
        return new DataFrame(cols);
    }

    /// <summary>Spec §7 A1: token waits per call and lookups per 1000 lockstep rounds for each design and CPU count.</summary>
    public static List<ContentionRow> Contention(IEnumerable<string> kernels, IEnumerable<int> cpus, int iterations = 20) =>
        (from k in kernels from n in cpus select Scenarios.Contention.Run(Design(k), n, iterations)).ToList();

    /// <summary>Lookups per 1000 rounds against the number of vkernel CPUs, one line per design.</summary>
    public static WorkbenchChart ContentionChart(IEnumerable<ContentionRow> rows) =>
        Charts.Charts.Line(rows.GroupBy(r => r.Kernel).Select(g =>
                Charts.Charts.Series(g.Key, g.Select(r => (double)r.Cpus), g.Select(r => r.LookupsPer1000Rounds))),
            "vmspace lookups as vkernel CPUs are added", "vkernel CPUs (K)", "lookups per 1000 rounds");
}
