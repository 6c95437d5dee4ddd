// Chart helpers over syscall-trace DataFrames (Workbench.Analysis.TraceSchema columns): lookup cost against tree
// size, refcount timelines, syscall mix and errors over time, cost distributions. Every helper aggregates first, so a
// million-row trace becomes at most a few thousand points; anything above Charts.WebGlThreshold is drawn with WebGL.
using System.Globalization;
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Charts;
using Workbench.Charts.Contract;

namespace Workbench.Lab;

/// <summary>
/// Charts of a trace (<see cref="SyscallRecorder.ToDataFrame"/>, or a CSV/Arrow file read back) and of the tables the
/// experiments return. Titles end in "(seed N)"; axis titles carry units (ticks, compares, calls, refs).
/// Thread-safe (pure functions of their input).
/// </summary>
public static partial class AnalysisCharts
{
    /// <summary>Calls that look up an existing entry with RB_FIND (vkernel_find_vmspace).</summary>
    static readonly HashSet<string> LookupCalls = new(StringComparer.Ordinal)
    {
        "vmspace_destroy", "vmspace_ctl", "vmspace_mmap", "vmspace_munmap", "vmspace_mcontrol", "vmspace_pread", "vmspace_pwrite",
    };

    /// <summary>
    /// Red-black tree compares per call against live vmspaces in the caller's tree, on a log2 axis: the mean and the
    /// maximum of lookups (RB_FIND) and the mean of inserts (vmspace_create's RB_INSERT), grouped by tree size (sizes
    /// are bucketed at 8 buckets per doubling), with the log2(n) line and the red-black height bound 2·log2(n+1).
    /// </summary>
    public static WorkbenchChart LookupComparisons(DataFrame trace, ulong seed)
    {
        var call = FrameColumns.Strings(trace, "call");
        var size = FrameColumns.Longs(trace, "tree_size");
        var cmp = FrameColumns.Longs(trace, "rb_compares");
        var depth = FrameColumns.Longs(trace, "rb_depth");
        var lookups = new SortedDictionary<double, (long Sum, long N, long Max)>();
        var inserts = new SortedDictionary<double, (long Sum, long N, long Max)>();
        for (int i = 0; i < call.Length; i++)
        {
            if (depth[i] == 0 || size[i] < 1) continue;
            var into = call[i] == "vmspace_create" ? inserts : LookupCalls.Contains(call[i] ?? "") ? lookups : null;
            if (into is null) continue;
            double x = Math.Round(Math.Pow(2, Math.Round(Math.Log2(size[i]) * 8) / 8), 1); // bucket: 8 per doubling
            var a = into.GetValueOrDefault(x);
            into[x] = (a.Sum + cmp[i], a.N + 1, Math.Max(a.Max, cmp[i]));
        }
        var xs = lookups.Keys.Concat(inserts.Keys).Distinct().Order().ToArray();
        if (xs.Length == 0) throw new ArgumentException("the trace has no tree lookups or inserts (was the recorder attached?)", nameof(trace));
        var series = new List<SeriesSpec>
        {
            Line("log2(n)", xs, xs.Select(Math.Log2).ToArray()),
            Line("height bound 2·log2(n+1)", xs, xs.Select(x => 2 * Math.Log2(x + 1)).ToArray()),
        };
        if (lookups.Count > 0)
        {
            series.Add(new("RB_FIND mean (lookups)", TraceKind.Line, lookups.Keys.ToArray(), null, lookups.Values.Select(v => (double)v.Sum / v.N).ToArray()));
            series.Add(new("RB_FIND max", TraceKind.Scatter, lookups.Keys.ToArray(), null, lookups.Values.Select(v => (double)v.Max).ToArray()));
        }
        if (inserts.Count > 0)
            series.Add(new("RB_INSERT mean (vmspace_create)", TraceKind.Line, inserts.Keys.ToArray(), null, inserts.Values.Select(v => (double)v.Sum / v.N).ToArray()));
        return Chart("Tree compares per call vs live vmspaces", "live vmspaces in the tree (count, log scale)", "compares per call (count)", series, seed, AxisScale.Log);
    }

    /// <summary>
    /// The lookup-scaling table (<c>LookupScaling.Run(...).Table</c>) on log-log axes: mean and max RB_FIND compares,
    /// tree height and the what-if hash tables' mean probes against the tree size, with log2(n) and 2·log2(n+1)
    /// drawn. On log-log axes a cost that grows as log n bends gently, one that grows as a power of n is straight,
    /// and the flat hash stays readable next to the low-bits hash that climbs to hundreds.
    /// </summary>
    public static WorkbenchChart LookupScaling(DataFrame table, ulong seed)
    {
        var x = FrameColumns.Doubles(table, "vmspaces");
        return Chart("vkernel_find_vmspace cost: red-black tree vs hash table what-if", "live vmspaces (count, log scale)", "key compares per lookup (count, log scale)",
        [
            Line("log2(n)", x, x.Select(Math.Log2).ToArray()),
            Line("height bound 2·log2(n+1)", x, FrameColumns.Doubles(table, "height_bound")),
            new("tree: mean compares", TraceKind.Line, x, null, FrameColumns.Doubles(table, "mean_compares")),
            new("tree: max compares", TraceKind.Scatter, x, null, FrameColumns.Doubles(table, "max_compares")),
            new("tree height", TraceKind.Scatter, x, null, FrameColumns.Doubles(table, "tree_height")),
            new("hash (pointer low bits): mean probes", TraceKind.Line, x, null, FrameColumns.Doubles(table, "hash_lowbits_mean_probes")),
            new("hash (Fibonacci): mean probes", TraceKind.Line, x, null, FrameColumns.Doubles(table, "hash_fib_mean_probes")),
        ], seed, AxisScale.Log, AxisScale.Log);
    }

    /// <summary>
    /// ve->refs over time, one step line per vmspace (vkernel and id), for the <paramref name="maxSeries"/> entries whose
    /// refs changed most; each point is a change, so long runs stay small. EBUSY results of vmspace_destroy are marked
    /// at the refs they met, and vkp->refs of each vkernel is drawn when it changed (fork, exit).
    /// </summary>
    public static WorkbenchChart RefcountTimeline(DataFrame trace, ulong seed, int maxSeries = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 1);
        var tick = FrameColumns.Doubles(trace, "tick");
        var vk = FrameColumns.Longs(trace, "vkernel");
        var id = FrameColumns.ULongs(trace, "ve_id");
        var before = FrameColumns.Refs(trace, "ve_refs_before");
        var after = FrameColumns.Refs(trace, "ve_refs_after");
        var vkpRefs = FrameColumns.Longs(trace, "vkp_refs");
        var errno = FrameColumns.Strings(trace, "errno");
        var lines = new Dictionary<(long, ulong), (List<double> X, List<double> Y, int Changes)>();
        var vkpLines = new SortedDictionary<long, (List<double> X, List<double> Y)>();
        var busyX = new List<double>();
        var busyY = new List<double>();
        for (int i = 0; i < tick.Length; i++)
        {
            if (vk[i] != 0)
            {
                if (!vkpLines.TryGetValue(vk[i], out var v)) vkpLines[vk[i]] = v = ([], []);
                if (v.Y.Count == 0 || v.Y[^1] != vkpRefs[i]) { v.X.Add(tick[i]); v.Y.Add(vkpRefs[i]); }
            }
            if (errno[i] == "EBUSY") { busyX.Add(tick[i]); busyY.Add(before[i]); }
            if (before[i] < 0 && after[i] < 0) continue;
            var key = (vk[i], id[i]);
            if (!lines.TryGetValue(key, out var l)) lines[key] = l = ([tick[i]], [Math.Max(0, before[i])], 0);
            if (after[i] != l.Y[^1]) { l.X.Add(tick[i]); l.Y.Add(after[i]); lines[key] = (l.X, l.Y, l.Changes + 1); }
        }
        var series = lines.OrderByDescending(kv => kv.Value.Changes).ThenBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2).Take(maxSeries)
            .OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv => new SeriesSpec(string.Create(CultureInfo.InvariantCulture, $"ve 0x{kv.Key.Item2:x} (vkernel {kv.Key.Item1})"),
                TraceKind.StepLine, kv.Value.X.ToArray(), null, kv.Value.Y.Select(v => (double)v).ToArray()))
            .ToList();
        foreach (var (k, v) in vkpLines.Where(kv => kv.Value.Y.Distinct().Count() > 1))
            series.Add(new(string.Create(CultureInfo.InvariantCulture, $"vkp->refs (vkernel {k})"), TraceKind.StepLine, v.X.ToArray(), null, v.Y.ToArray()));
        if (busyX.Count > 0)
            series.Add(new("EBUSY (vmspace_destroy)", TraceKind.Scatter, busyX.ToArray(), null, busyY.ToArray()));
        if (series.Count == 0) throw new ArgumentException("the trace names no vmspace_entry", nameof(trace));
        return Chart("Reference counts over time", "time (ticks)", "refs (count)", series, seed, AxisScale.Linear, AxisScale.Linear);
    }

    /// <summary>Calls and errors per system call (from a trace or an <see cref="StraceSummary"/> frame), most frequent first.</summary>
    public static WorkbenchChart SyscallMix(DataFrame traceOrSummary, ulong seed)
    {
        var summary = traceOrSummary.Columns.Any(c => c.Name == "pct_calls") ? traceOrSummary : StraceSummary.Build(traceOrSummary);
        var names = FrameColumns.Strings(summary, "call");
        var keep = Enumerable.Range(0, names.Length).Where(i => names[i] != StraceSummary.TotalRow).ToArray();
        var cats = keep.Select(i => names[i]!).ToArray();
        var calls = FrameColumns.Doubles(summary, "calls");
        var errors = FrameColumns.Doubles(summary, "errors");
        return Chart("System call mix", "system call", "calls (count)",
        [
            new("calls", TraceKind.Bar, null, cats, keep.Select(i => calls[i]).ToArray()),
            new("errors", TraceKind.Bar, null, cats, keep.Select(i => errors[i]).ToArray()),
        ], seed);
    }

    /// <summary>Calls per time bucket for the <paramref name="top"/> most frequent calls (one line each).</summary>
    public static WorkbenchChart MixOverTime(DataFrame trace, ulong seed, int buckets = 50, int top = 6)
    {
        var call = FrameColumns.Strings(trace, "call");
        var names = call.GroupBy(c => c ?? "?").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(top).Select(g => g.Key).ToArray();
        return PerBucket(trace, buckets, names, i => call[i], "System calls over time", "calls", seed);
    }

    /// <summary>Errors per time bucket, one line per errno (EJUSTRETURN, a successful RUN, is not an error).</summary>
    public static WorkbenchChart ErrorsOverTime(DataFrame trace, ulong seed, int buckets = 50)
    {
        var errno = FrameColumns.Strings(trace, "errno");
        var names = errno.Where(e => e is not null).Distinct().Order(StringComparer.Ordinal).Cast<string>().ToArray();
        if (names.Length == 0) names = ["(no errors)"];
        return PerBucket(trace, buckets, names, i => errno[i], "Errors over time", "errors", seed);
    }

    /// <summary>
    /// Distribution of a per-call cost column (default rb_compares; also tokens, blocks, faults), optionally for one
    /// call only: calls per value, counted first, so any number of rows becomes one bar per distinct value (values
    /// above the 99.9th percentile are pooled into one "≥ p99.9" bar).
    /// </summary>
    public static WorkbenchChart CostDistribution(DataFrame trace, ulong seed, string column = "rb_compares", string? call = null)
    {
        var v = FrameColumns.Longs(trace, column);
        var calls = call is null ? null : FrameColumns.Strings(trace, "call");
        var counts = new SortedDictionary<long, long>();
        for (int i = 0; i < v.Length; i++)
            if (calls is null || calls[i] == call) counts[v[i]] = counts.GetValueOrDefault(v[i]) + 1;
        if (counts.Count == 0) throw new ArgumentException($"no rows{(call is null ? "" : " for " + call)}", nameof(call));
        long total = counts.Values.Sum(), seen = 0, cap = long.MaxValue;
        foreach (var (value, n) in counts) { seen += n; if (seen >= total * 0.999) { cap = value; break; } }
        var cats = new List<string>();
        var ys = new List<double>();
        foreach (var (value, n) in counts)
        {
            if (value > cap) { ys[^1] += n; continue; }
            cats.Add(value == cap && counts.Keys.Max() > cap ? "≥ " + value.ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture));
            ys.Add(n);
        }
        var what = call is null ? "all calls" : call;
        return Chart($"Distribution of {column} per call ({what})", $"{column} per call (count)", "calls (count)",
            [new(column, TraceKind.Bar, null, cats.ToArray(), ys.ToArray())], seed);
    }

    static WorkbenchChart PerBucket(DataFrame trace, int buckets, string[] names, Func<int, string?> keyOf, string title, string unit, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var tick = FrameColumns.Longs(trace, "tick");
        if (tick.Length == 0) throw new ArgumentException("the trace is empty", nameof(trace));
        long t0 = tick.Min(), t1 = tick.Max();
        long width = Math.Max(1, (t1 - t0 + buckets) / buckets);
        int nb = (int)((t1 - t0) / width) + 1;
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var counts = new double[names.Length, nb];
        for (int i = 0; i < tick.Length; i++)
            if (keyOf(i) is { } k && index.TryGetValue(k, out var s)) counts[s, (tick[i] - t0) / width]++;
        var xs = Enumerable.Range(0, nb).Select(b => (double)(t0 + b * width)).ToArray();
        var series = names.Select((n, s) => new SeriesSpec(n, TraceKind.StepLine, xs, null, Enumerable.Range(0, nb).Select(b => counts[s, b]).ToArray())).ToList();
        return Chart(title, "time (ticks, bucket start)", string.Create(CultureInfo.InvariantCulture, $"{unit} per {width} ticks (count)"), series, seed, AxisScale.Linear, AxisScale.Linear);
    }

    static SeriesSpec Line(string name, double[] x, double[] y) => new(name, TraceKind.Line, x, null, y);

    static WorkbenchChart Chart(string title, string xTitle, string yTitle, IReadOnlyList<SeriesSpec> series, ulong seed,
        AxisScale xScale = AxisScale.Auto, AxisScale yScale = AxisScale.Auto)
    {
        var points = series.Sum(s => s.Values.Length);
        bool webGl = series.All(s => s.Kind != TraceKind.Bar) && points > Charts.Charts.WebGlThreshold;
        return new WorkbenchChart(new ChartSpec(Charts.Charts.TitleWithSeed(title, (long)seed), xTitle, yTitle, series, webGl,
            Charts.Charts.DefaultWidth, Charts.Charts.DefaultHeight) { XScale = xScale, YScale = yScale });
    }
}
