// An strace -c style summary of a replay: calls, errors and errors by errno, per call name.
using System.Text;
using Workbench.Kernel.Sys;

namespace Workbench.Scenarios;

/// <summary>One row of the summary.</summary>
public sealed record SummaryRow(string Call, int Calls, int Errors, IReadOnlyList<(string Errno, int Count)> ByErrno);

/// <summary>Builds and prints the per-call summary.</summary>
public static class SummaryTable
{
    /// <summary>Rows ordered by calls (descending), then name; errno counts by name.</summary>
    public static IReadOnlyList<SummaryRow> Rows(IEnumerable<TraceEvent> events) =>
        events.GroupBy(e => e.Call)
            .Select(g => new SummaryRow(
                g.Key,
                g.Count(),
                g.Count(e => e.Result.Error > 0),
                g.Where(e => e.Result.Error > 0).GroupBy(e => Errno.Name(e.Result.Error))
                    .OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => (x.Key, x.Count())).ToList()))
            .OrderByDescending(r => r.Calls).ThenBy(r => r.Call, StringComparer.Ordinal)
            .ToList();

    /// <summary>The table as text, LF line endings.</summary>
    public static string Format(IEnumerable<TraceEvent> events)
    {
        var rows = Rows(events);
        var sb = new StringBuilder();
        sb.Append("  calls  errors syscall            errors by errno\n");
        sb.Append("------- ------- ------------------ ----------------\n");
        foreach (var r in rows)
            sb.Append($"{r.Calls,7} {r.Errors,7} {r.Call,-18} {string.Join(" ", r.ByErrno.Select(x => $"{x.Errno}={x.Count}"))}".TrimEnd()).Append('\n');
        sb.Append("------- ------- ------------------\n");
        sb.Append($"{rows.Sum(r => r.Calls),7} {rows.Sum(r => r.Errors),7} total\n");
        return sb.ToString();
    }
}
