// `workbench fuzz`: a budget of random programs (the seeded generator with hostile calls of every table row, and
// mutations of the scenario corpus), the invariant checker after every call, and every failure shrunk to a minimal
// regression scenario. Outside the model; the wall clock is read only for --seconds and the progress line.
using System.Diagnostics;
using System.Text;
using Workbench.Kernel;
using Workbench.Kernel.Kern;

namespace Workbench.Scenarios;

/// <summary>A shrunk failure: the program's seed, the failure as first seen, the minimal lines and where they went
/// (null with <see cref="WriteError"/> when the file could not be written).</summary>
public sealed record FuzzFinding(ulong Seed, string Failure, string Slug, int OriginalLines, IReadOnlyList<string> Lines,
                                 string? Path, string? WriteError);

/// <summary>Progress of a campaign: calls, programs and failures so far, and the seconds elapsed.</summary>
public readonly record struct FuzzProgress(long Calls, long Programs, int Failures, double Seconds);

/// <summary>The outcome of a campaign.</summary>
/// <remarks><see cref="Failures"/> counts failing programs; <see cref="Findings"/> holds one per distinct failure.</remarks>
public sealed record FuzzReport(long Calls, long Programs, int Failures, double Seconds, int CorpusFiles, IReadOnlyList<FuzzFinding> Findings);

/// <summary>Runs fuzz campaigns.</summary>
public static partial class FuzzCampaign
{
    const int Steps = 200;
    const int MaxFindings = 10;

    /// <summary>Runs programs until the budget of <paramref name="o"/> is spent; <paramref name="progress"/> is called
    /// about once a second. Never throws for a model failure: it is a finding.</summary>
    public static FuzzReport Run(FuzzOptions o, Action<FuzzProgress>? progress = null, Action<string>? note = null)
    {
        var corpus = LoadCorpus(o.Corpus, note);
        var rng = new SplitMix64(o.Seed);
        var findings = new List<FuzzFinding>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        long calls = 0, programs = 0;
        int failures = 0;
        var sw = Stopwatch.StartNew();
        double nextReport = 1;
        while ((o.Calls is not { } max || calls < max) && (o.Seconds is not { } s || sw.Elapsed.TotalSeconds < s) && findings.Count < MaxFindings)
        {
            ulong seed = rng.Next();
            bool mutate = corpus.Count > 0 && programs % 8 == 7;
            var (n, failure, lines) = mutate ? RunMutant(seed, corpus) : RunGenerated(seed);
            calls += n;
            programs++;
            if (failure is not null)
            {
                failures++;
                var slug = Slug(failure);
                if (slugs.Add(slug)) findings.Add(Store(o, seed, failure, slug, lines!));
            }
            if (progress is not null && sw.Elapsed.TotalSeconds >= nextReport)
            {
                progress(new FuzzProgress(calls, programs, failures, sw.Elapsed.TotalSeconds));
                nextReport = Math.Floor(sw.Elapsed.TotalSeconds) + 1;
            }
        }
        return new FuzzReport(calls, programs, failures, sw.Elapsed.TotalSeconds, corpus.Count, findings);
    }

    static (long Calls, string? Failure, IReadOnlyList<string>? Lines) RunGenerated(ulong seed)
    {
        var r = Fuzzer.Run(seed, Steps, exitAll: true, hostile: true, script: false);
        if (r.Failure is null) return (r.Events, null, null);
        var lines = r.Script.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return (r.Events, r.Failure, lines);
    }

    static (long Calls, string? Failure, IReadOnlyList<string>? Lines) RunMutant(ulong seed, IReadOnlyList<Script> corpus)
    {
        var rng = new SplitMix64(seed);
        var source = corpus[(int)rng.Below((ulong)corpus.Count)];
        var events = Mutate(rng, source.Events);
        var r = Replayer.Run(new Script($"mutant-{seed}.scn", events), new ReplayOptions { Seed = seed, Retain = false });
        if (r.ModelFailure is null) return (r.EventCount, null, null);
        return (r.EventCount, r.ModelFailure, events.Select(Render).ToList());
    }

    /// <summary>One to four mutations of a corpus script, expectations dropped: an argument replaced by a hostile
    /// value of its kind, a line deleted, a line repeated elsewhere, or a hostile call of any table row inserted.</summary>
    internal static List<ScriptEvent> Mutate(SplitMix64 rng, IReadOnlyList<ScriptEvent> source)
    {
        var events = source.Select(e => e with { Expect = null }).ToList();
        for (int k = (int)rng.Below(4); k >= 0; k--)
        {
            int at = events.Count == 0 ? 0 : (int)rng.Below((ulong)events.Count);
            switch (events.Count == 0 ? 3 : rng.Below(4))
            {
                case 0:
                    var ev = events[at];
                    var nums = Enumerable.Range(0, ev.Args.Count).Where(i => ev.Args[i] is Arg.Num).ToList();
                    if (nums.Count == 0) break;
                    int i = nums[(int)rng.Below((ulong)nums.Count)];
                    var args = ev.Args.ToArray();
                    args[i] = new Arg.Num(HostileArgs.Value(rng, ev.Call.Visible[i].Format));
                    events[at] = ev with { Args = args };
                    break;
                case 1: events.RemoveAt(at); break;
                case 2: events.Insert((int)rng.Below((ulong)events.Count + 1), events[at]); break;
                default: events.Insert(at, HostileEvent(rng)); break;
            }
        }
        return events.Select((e, i) => e with { Line = i + 1 }).ToList();
    }

    static ScriptEvent HostileEvent(SplitMix64 rng)
    {
        var spec = Sysent.All[(int)rng.Below((ulong)Sysent.All.Count)];
        var args = spec.Visible.Select(f => f.Format == ArgFormat.Str ? (Arg)new Arg.Text(HostileArgs.Text(rng)) : new Arg.Num(HostileArgs.Value(rng, f.Format))).ToList();
        return new ScriptEvent(0, null, null, spec, args, null, "");
    }

    /// <summary>A script line for an event as the parser reads it back (no expectation).</summary>
    internal static string Render(ScriptEvent ev)
    {
        var sb = new StringBuilder();
        if (ev.Thread is not null) sb.Append($"[pid {ev.Thread}] ");
        if (ev.Bind is not null) sb.Append(ev.Bind).Append(" = ");
        sb.Append(ev.Call.Name).Append('(');
        sb.AppendJoin(", ", ev.Args.Select(a => a switch
        {
            Arg.Num n => n.Value < 0 ? n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Symbols.Hex(n.Value),
            Arg.Text t => Symbols.Format(ArgFormat.Str, 0, t.Value),
            Arg.Bound { Offset: 0 } b => b.Name,
            Arg.Bound b => b.Offset > 0 ? $"{b.Name}+{b.Offset}" : $"{b.Name}-{-b.Offset}",
            _ => "0",
        }));
        return sb.Append(')').ToString();
    }

    static List<Script> LoadCorpus(string dir, Action<string>? note)
    {
        var corpus = new List<Script>();
        if (!Directory.Exists(dir)) { note?.Invoke($"fuzz: no corpus folder {dir}; the generator alone runs"); return corpus; }
        foreach (var file in Directory.GetFiles(dir, "*.scn").Order(StringComparer.Ordinal))
        {
            try { corpus.Add(Script.Load(file)); }
            catch (ScriptException e) { note?.Invoke($"fuzz: corpus file skipped: {e.Message}"); }
        }
        return corpus;
    }
}
