// Charts that aggregate instead of drawing many overlapping raw lines: the refcount envelope of a long workload and
// the cost-weighted share of each system call (strace -c's "% time", in model units).
using System.Globalization;
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Charts;
using Workbench.Charts.Contract;

namespace Workbench.Lab;

/// <summary>One system call's share of the calls, of the red-black tree compares and of the token acquisitions (percent).</summary>
public sealed record CostShareRow(string Call, long Calls, double PctCalls, double PctCompares, double PctTokens);

public static partial class AnalysisCharts
{
    /// <summary>
    /// ve->refs of a long run in <paramref name="buckets"/> time buckets instead of one line per vmspace: the highest
    /// ve->refs any vmspace reached in the bucket, how many vmspaces had a CPU inside at the bucket's end, the
    /// <paramref name="cpus"/> bound as a line, and each EBUSY of vmspace_destroy as a marker at the refs it met.
    /// </summary>
    public static WorkbenchChart RefcountEnvelope(DataFrame trace, ulong seed, int cpus, int buckets = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var tick = FrameColumns.Longs(trace, "tick");
        if (tick.Length == 0) throw new ArgumentException("the trace is empty", nameof(trace));
        var vk = FrameColumns.Longs(trace, "vkernel");
        var id = FrameColumns.ULongs(trace, "ve_id");
        var before = FrameColumns.Refs(trace, "ve_refs_before");
        var after = FrameColumns.Refs(trace, "ve_refs_after");
        var errno = FrameColumns.Strings(trace, "errno");
        long t0 = tick.Min(), width = Math.Max(1, (tick.Max() - t0 + buckets) / buckets);
        int nb = (int)((tick.Max() - t0) / width) + 1;
        var highest = new double[nb];
        var inside = new double[nb];
        var refs = new Dictionary<(long, ulong), long>();
        var busy = (X: new List<double>(), Y: new List<double>());
        int bucket = 0;
        for (int i = 0; i < tick.Length; i++)
        {
            int b = (int)((tick[i] - t0) / width);
            for (; bucket < b; bucket++) inside[bucket] = refs.Values.Count(r => r > 0);
            if (errno[i] == "EBUSY") { busy.X.Add(tick[i]); busy.Y.Add(before[i]); }
            if (after[i] < 0) continue;
            refs[(vk[i], id[i])] = after[i];
            highest[b] = Math.Max(highest[b], after[i]);
        }
        for (; bucket < nb; bucket++) inside[bucket] = refs.Values.Count(r => r > 0);
        var xs = Enumerable.Range(0, nb).Select(b => (double)(t0 + b * width)).ToArray();
        var series = new List<SeriesSpec>
        {
            new("highest ve->refs in the bucket", TraceKind.StepLine, xs, null, highest),
            new("vmspaces with a CPU inside (bucket end)", TraceKind.StepLine, xs, null, inside),
            Line(string.Create(CultureInfo.InvariantCulture, $"bound: {cpus} CPUs"), [xs[0], xs[^1] + width], [cpus, cpus]),
        };
        if (busy.X.Count > 0) series.Add(new("EBUSY (vmspace_destroy): refs met", TraceKind.Scatter, busy.X.ToArray(), null, busy.Y.ToArray()));
        return Chart(string.Create(CultureInfo.InvariantCulture, $"ve->refs under the workload, per {width} ticks"),
            "time (ticks, bucket start)", "refs or vmspaces (count)", series, seed, AxisScale.Linear, AxisScale.Linear);
    }

    /// <summary>
    /// Per system call (a trace or a <see cref="StraceSummary"/> frame): its percent of all calls, of all red-black
    /// tree compares and of all token acquisitions, most frequent call first. The cost-weighted view of strace -c's
    /// "% time": the model has no clock, so cost is counted in compares and tokens.
    /// </summary>
    public static List<CostShareRow> CostShares(DataFrame traceOrSummary)
    {
        var summary = traceOrSummary.Columns.Any(c => c.Name == "pct_calls") ? traceOrSummary : StraceSummary.Build(traceOrSummary);
        var names = FrameColumns.Strings(summary, "call");
        var calls = FrameColumns.Longs(summary, "calls");
        var cmp = FrameColumns.Doubles(summary, "rb_compares_per_call");
        var tok = FrameColumns.Doubles(summary, "tokens_per_call");
        var keep = Enumerable.Range(0, names.Length).Where(i => names[i] != StraceSummary.TotalRow).ToArray();
        double allCalls = keep.Sum(i => (double)calls[i]), allCmp = keep.Sum(i => calls[i] * cmp[i]), allTok = keep.Sum(i => calls[i] * tok[i]);
        static double Pct(double part, double all) => all == 0 ? 0 : Math.Round(100 * part / all, 2);
        return keep.Select(i => new CostShareRow(names[i]!, calls[i], Pct(calls[i], allCalls), Pct(calls[i] * cmp[i], allCmp), Pct(calls[i] * tok[i], allTok))).ToList();
    }

    /// <summary>
    /// <see cref="CostShares"/> as grouped bars: for each call, its percent of calls, of tree compares and of token
    /// acquisitions side by side, so a call that is rare but costly stands out.
    /// </summary>
    public static WorkbenchChart CostShare(DataFrame traceOrSummary, ulong seed)
    {
        var rows = CostShares(traceOrSummary);
        var cats = rows.Select(r => r.Call).ToArray();
        return Chart("Share of calls and of cost per system call", "system call", "share of the total (%)",
        [
            new("% of calls", TraceKind.Bar, null, cats, rows.Select(r => r.PctCalls).ToArray()),
            new("% of tree compares", TraceKind.Bar, null, cats, rows.Select(r => r.PctCompares).ToArray()),
            new("% of token acquisitions", TraceKind.Bar, null, cats, rows.Select(r => r.PctTokens).ToArray()),
        ], seed, AxisScale.Linear, AxisScale.Linear);
    }
}
