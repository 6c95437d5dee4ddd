// The strace -c view of a trace: per call, how often, how often it failed and with which errno, and what it cost in
// the model's units (tree compares, tokens, blocking points, faults) instead of wall-clock time.
using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Analysis;

/// <summary>Builds the per-call summary of a trace DataFrame (<see cref="TraceSchema"/> columns). Thread-safe.</summary>
public static class StraceSummary
{
    /// <summary>Name of the closing row that sums every call.</summary>
    public const string TotalRow = "total";

    /// <summary>
    /// One row per C name, most frequent first (ties by name), then a <see cref="TotalRow"/> row. Columns: call, calls,
    /// pct_calls, errors, errors_by_errno ("EBUSY=3 ENOENT=1", null if none), rb_compares_per_call, tokens_per_call,
    /// blocks_per_call, faults_per_call, max_ve_refs. EJUSTRETURN (a successful VMSPACE_CTL_RUN) is not an error.
    /// </summary>
    public static DataFrame Build(DataFrame trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var call = FrameColumns.Strings(trace, "call");
        var errno = FrameColumns.Strings(trace, "errno");
        var compares = FrameColumns.Longs(trace, "rb_compares");
        var tokens = FrameColumns.Longs(trace, "tokens");
        var blocks = FrameColumns.Longs(trace, "blocks");
        var faults = FrameColumns.Longs(trace, "faults");
        var refs = FrameColumns.Refs(trace, "ve_refs_after");
        var acc = new Dictionary<string, Acc>(StringComparer.Ordinal);
        var total = new Acc();
        for (int i = 0; i < call.Length; i++)
        {
            var name = call[i] ?? "?";
            if (!acc.TryGetValue(name, out var a)) acc[name] = a = new Acc();
            foreach (var x in new[] { a, total })
            {
                x.Calls++;
                x.Compares += compares[i]; x.Tokens += tokens[i]; x.Blocks += blocks[i]; x.Faults += faults[i];
                x.MaxRefs = Math.Max(x.MaxRefs, refs[i]);
                if (errno[i] is { } e) // errno is set only for failures (EJUSTRETURN is result_kind "justreturn")
                {
                    x.Errors++;
                    x.ByErrno[e] = x.ByErrno.GetValueOrDefault(e) + 1;
                }
            }
        }
        var rows = acc.OrderByDescending(kv => kv.Value.Calls).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Name: kv.Key, A: kv.Value)).Append((Name: TotalRow, A: total)).ToList();
        double all = Math.Max(1, total.Calls);
        return new FrameBuilder()
            .String("call", rows.Select(r => r.Name))
            .Int64("calls", rows.Select(r => r.A.Calls))
            .Double("pct_calls", rows.Select(r => Math.Round(100.0 * r.A.Calls / all, 2)))
            .Int64("errors", rows.Select(r => r.A.Errors))
            .String("errors_by_errno", rows.Select(r => ByErrno(r.A)))
            .Double("rb_compares_per_call", rows.Select(r => PerCall(r.A.Compares, r.A.Calls)))
            .Double("tokens_per_call", rows.Select(r => PerCall(r.A.Tokens, r.A.Calls)))
            .Double("blocks_per_call", rows.Select(r => PerCall(r.A.Blocks, r.A.Calls)))
            .Double("faults_per_call", rows.Select(r => PerCall(r.A.Faults, r.A.Calls)))
            .Int64("max_ve_refs", rows.Select(r => r.A.MaxRefs))
            .Build();
    }

    /// <summary>The summary as fixed-width text, like <c>strace -c</c> prints it.</summary>
    public static string ToText(DataFrame summary)
    {
        var call = FrameColumns.Strings(summary, "call");
        var calls = FrameColumns.Longs(summary, "calls");
        var pct = FrameColumns.Doubles(summary, "pct_calls");
        var errors = FrameColumns.Longs(summary, "errors");
        var cmp = FrameColumns.Doubles(summary, "rb_compares_per_call");
        var tok = FrameColumns.Doubles(summary, "tokens_per_call");
        var by = FrameColumns.Strings(summary, "errors_by_errno");
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string> { string.Format(inv, "{0,7} {1,9} {2,9} {3,11} {4,10}  {5,-18} {6}", "% calls", "calls", "errors", "cmp/call", "tok/call", "syscall", "errors by errno") };
        lines.Add(new string('-', 7) + " " + new string('-', 9) + " " + new string('-', 9) + " " + new string('-', 11) + " " + new string('-', 10) + "  " + new string('-', 18) + " " + new string('-', 15));
        for (int i = 0; i < call.Length; i++)
            lines.Add(string.Format(inv, "{0,7:0.00} {1,9} {2,9} {3,11:0.00} {4,10:0.00}  {5,-18} {6}", pct[i], calls[i], errors[i] == 0 ? "" : errors[i], cmp[i], tok[i], call[i], by[i] ?? "").TrimEnd());
        return string.Join("\n", lines) + "\n";
    }

    static double PerCall(long sum, long calls) => calls == 0 ? 0 : Math.Round((double)sum / calls, 3);

    static string? ByErrno(Acc a) => a.ByErrno.Count == 0 ? null
        : string.Join(" ", a.ByErrno.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    sealed class Acc
    {
        public long Calls, Errors, Compares, Tokens, Blocks, Faults, MaxRefs;
        public readonly Dictionary<string, long> ByErrno = new(StringComparer.Ordinal);
    }
}
