// The schedule explorer (workbench explore): runs a concurrent scenario under many schedules and reports every
// distinct outcome (the result of every call, the census, the invariant verdict, a clean teardown) with how often it
// came up and the shortest schedule that produces it, and every failure with the command that replays it.
// Strategies: exhaustive depth-first search with sleep sets and an optional preemption bound (dpor), PCT, and
// uniform random sampling. Everything is deterministic given the script, kernel, seed and budget in runs; a budget in
// seconds (--seconds) depends on the machine's speed and says so.
using System.Diagnostics;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Vkernel.Designs;

namespace Workbench.Scenarios;

/// <summary>What to explore and how.</summary>
public sealed record ExploreOptions
{
    /// <summary>"dpor" (exhaustive, sleep sets), "pct" or "random".</summary>
    public string Strategy { get; init; } = "dpor";
    /// <summary>Preemption bound of the exhaustive search (null: unbounded). A preemption is running another thread
    /// at a point where the current one could have run on (including sleeping at a blocking point).</summary>
    public int? Preemptions { get; init; }
    /// <summary>Runs at most (exhaustive search stops early when the space is covered).</summary>
    public int Budget { get; init; } = 100_000;
    /// <summary>Stop after this many seconds (not reproducible across machines; the report says so).</summary>
    public double? Seconds { get; init; }
    public KernelDesign Kernel { get; init; } = KernelDesign.Seed;
    /// <summary>Seed of the random and PCT strategies (and the machine's).</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>PCT's bug depth (priority change points + 1).</summary>
    public int Depth { get; init; } = 3;
    /// <summary>Sleep-set reduction in the exhaustive search (off: plain bounded DFS, for comparisons).</summary>
    public bool Reduction { get; init; } = true;
    /// <summary>After each run, return every thread to its vkernel and exit every process: a leaked ref shows as a
    /// panic at teardown, anything left as a leak.</summary>
    public bool Teardown { get; init; } = true;
    /// <summary>Stop at the first failure (to reproduce a known bug quickly).</summary>
    public bool StopAtFirstFailure { get; init; }
    /// <summary>Called about every 1/4 s of work with the progress so far, and once at the end.</summary>
    public Action<ExploreProgress>? Progress { get; init; }
}

/// <summary>Progress of an exploration.</summary>
public sealed record ExploreProgress(int Runs, int Pruned, int Outcomes, int Failures, double Seconds);

/// <summary>One distinct outcome: its description, how many runs ended in it, the shortest schedule producing it.</summary>
public sealed record ExploreOutcome(string Key, int Count, string Schedule, string? Failure, string? FailureKind);

/// <summary>The result of an exploration.</summary>
public sealed class ExploreResult
{
    public required string File { get; init; }
    public required ExploreOptions Options { get; init; }
    public int Runs { get; internal set; }
    public int Pruned { get; internal set; }
    /// <summary>True when the exhaustive search covered its whole (bounded) space.</summary>
    public bool Complete { get; internal set; }
    public double Seconds { get; internal set; }
    public List<ExploreOutcome> Outcomes { get; } = new();
    public IEnumerable<ExploreOutcome> Failures => Outcomes.Where(o => o.Failure is not null);
    /// <summary>A script error (the script cannot run at all), or null.</summary>
    public string? Error { get; internal set; }

    /// <summary>The command that replays an outcome's schedule.</summary>
    public string ReplayCommand(ExploreOutcome o) =>
        $"workbench replay {File}" + (Options.Kernel == KernelDesign.Seed ? "" : $" --kernel {Options.Kernel.Name}")
        + (Options.Seed == 1 ? "" : $" --seed {Options.Seed}") + $" --schedule \"{o.Schedule}\"";
}

/// <summary>Explores the schedules of a concurrent script.</summary>
public static class Explorer
{
    public static ExploreResult Run(Script script, ExploreOptions options)
    {
        var result = new ExploreResult { File = script.File, Options = options };
        var outcomes = new Dictionary<string, (int Count, string Schedule, string? Failure, string? Kind)>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        double lastProgress = 0;
        using var interleaver = new Interleaver { KeepSteps = options.Strategy == "dpor" && options.Reduction };
        var dfs = options.Strategy == "dpor" ? new DfsState(options) : null;
        int pctSteps = 0;
        int firstBlockLine = script.Events.FirstOrDefault(e => e.Block > 0)?.Line ?? 0; // the prefix runs the same in every run
        for (int run = 0; run < options.Budget; run++)
        {
            if (options.Seconds is { } s && clock.Elapsed.TotalSeconds >= s) break;
            IScheduleStrategy strategy = options.Strategy switch
            {
                "dpor" => dfs!.Begin(interleaver),
                "random" => new RandomStrategy(Mix(options.Seed, run)),
                "pct" => new PctStrategy(Mix(options.Seed, run), options.Depth, Math.Max(pctSteps, 1)),
                _ => throw new ArgumentException($"unknown strategy '{options.Strategy}' (dpor, pct, random)"),
            };
            var r = Replayer.Run(script, new ReplayOptions
            {
                Seed = options.Seed, Kernel = options.Kernel, Strategy = strategy, Interleaver = interleaver,
                FormatText = false, CheckInvariants = true, CheckBeforeFirstBlock = run == 0,
            });
            pctSteps = Math.Max(pctSteps, r.Decisions);
            result.Runs++;
            if (r.Error is { } e && !r.Pruned && r.Events.Count == 0 && run == 0)
            {
                // Not even the lines before the first block run: the script itself is wrong.
                result.Error = e.Message;
                break;
            }
            if (r.Pruned)
            {
                result.Pruned++;
            }
            else
            {
                var (key, failure, kind) = Outcome(r, options.Teardown, firstBlockLine);
                var sched = r.ScheduleText ?? "";
                if (outcomes.TryGetValue(key, out var o))
                    outcomes[key] = (o.Count + 1, Shorter(sched, o.Schedule), o.Failure, o.Kind);
                else
                    outcomes[key] = (1, sched, failure, kind);
            }
            if (options.StopAtFirstFailure && outcomes.Values.Any(v => v.Failure is not null)) break;
            if (dfs is not null && !dfs.Next())
            {
                result.Complete = true;
                break;
            }
            if (options.Progress is { } p && clock.Elapsed.TotalSeconds - lastProgress >= 0.25)
            {
                lastProgress = clock.Elapsed.TotalSeconds;
                p(new ExploreProgress(result.Runs, result.Pruned, outcomes.Count, outcomes.Values.Count(v => v.Failure is not null), lastProgress));
            }
        }
        result.Seconds = clock.Elapsed.TotalSeconds;
        options.Progress?.Invoke(new ExploreProgress(result.Runs, result.Pruned, outcomes.Count, outcomes.Values.Count(v => v.Failure is not null), result.Seconds)); // the last line
        // A line that every schedule makes impossible is the script's error, not an outcome.
        if (result.Error is null && outcomes.Count > 0 && outcomes.Keys.All(k => k.Contains("\nimpossible: ", StringComparison.Ordinal) || k.StartsWith("impossible: ", StringComparison.Ordinal)))
            result.Error = outcomes.Keys.Order(StringComparer.Ordinal).First().Split("impossible: ")[1];
        foreach (var (key, v) in outcomes.OrderBy(kv => kv.Value.Failure is null).ThenByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            result.Outcomes.Add(new ExploreOutcome(key, v.Count, v.Schedule, v.Failure, v.Kind));
        return result;
    }

    static string Shorter(string a, string b) => a.Length != b.Length ? (a.Length < b.Length ? a : b) : string.CompareOrdinal(a, b) <= 0 ? a : b;

    static ulong Mix(ulong seed, int run) => new Workbench.Kernel.SplitMix64(seed * 0x9E3779B97F4A7C15UL + (ulong)run).Next();

    /// <summary>An outcome's key: every call's result (by line), the census, and the verdict (a failure, or a clean
    /// teardown).</summary>
    static (string Key, string? Failure, string? Kind) Outcome(ReplayResult r, bool teardown, int firstBlockLine)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var ev in r.Events.Where(e => e.Line >= firstBlockLine).OrderBy(e => e.Line))
            sb.Append("line ").Append(ev.Line).Append(": ").Append(ev.Call).Append(" = ").Append(ev.ResultText).Append('\n');
        string? failure = r.ModelFailure, kind = r.FailureKind ?? (failure is null ? null : "invariant");
        if (r.Error is { } impossible)
        {
            // Only this schedule makes a line impossible (a guest event on a thread that has not entered its
            // vmspace, a call on a thread that exited): an outcome of the script, not a failure of the model.
            sb.Append("impossible: ").Append(impossible.Message);
            return (sb.ToString(), null, null);
        }
        if (failure is null)
        {
            sb.Append(r.Census).Append('\n');
            if (teardown)
            {
                try
                {
                    var after = Shutdown.ExitAll(r.Machine);
                    if (!after.IsEmpty)
                    {
                        failure = $"leak at teardown: {after}";
                        kind = "leak";
                    }
                }
                catch (Workbench.Kernel.Sys.KernelPanicException p)
                {
                    failure = $"panic at teardown (every process exits): {p.Message}";
                    kind = "leak";
                }
            }
        }
        sb.Append(failure is null ? "verdict: ok" : $"verdict: {kind}: {failure}");
        return (sb.ToString(), failure, kind);
    }
}
