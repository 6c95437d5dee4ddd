// A few rows of a trace as strace prints them, with the counters the row carries: for notebooks and failure messages.
using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Workbench.Analysis;

/// <summary>
/// Rows <see cref="First"/> .. <see cref="First"/> + <see cref="Lines"/>.Count of a trace as strace-style lines:
/// <c>   12 [pid 2 tid 3] vmspace_ctl(0x8001000120, 0x1, 0x800000000, 0x800001000) = EJUSTRETURN  refs 0→1 cmp 3</c>.
/// Immutable.
/// </summary>
public sealed class TraceExcerpt
{
    TraceExcerpt(long first, long total, IReadOnlyList<string> lines) { First = first; Total = total; Lines = lines; }

    /// <summary>Index of the first row shown.</summary>
    public long First { get; }

    /// <summary>Rows in the whole trace.</summary>
    public long Total { get; }

    /// <summary>One line per row shown.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Up to <paramref name="count"/> rows of <paramref name="trace"/> from row <paramref name="first"/>.</summary>
    public static TraceExcerpt From(DataFrame trace, long first = 0, int count = 20)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long end = Math.Min(trace.Rows.Count, first + count);
        var lines = new List<string>();
        for (long r = first; r < end; r++) lines.Add(Line(trace, r));
        return new TraceExcerpt(first, trace.Rows.Count, lines);
    }

    /// <summary>The rows where <paramref name="column"/> equals <paramref name="value"/>, up to <paramref name="count"/>.</summary>
    public static TraceExcerpt Where(DataFrame trace, string column, string value, int count = 20)
    {
        var col = trace[column];
        var lines = new List<string>();
        long first = -1;
        for (long r = 0; r < trace.Rows.Count && lines.Count < count; r++)
        {
            if (!string.Equals(Convert.ToString(col[r], CultureInfo.InvariantCulture), value, StringComparison.Ordinal)) continue;
            if (first < 0) first = r;
            lines.Add(Line(trace, r));
        }
        return new TraceExcerpt(Math.Max(0, first), trace.Rows.Count, lines);
    }

    static string Line(DataFrame t, long r)
    {
        var inv = CultureInfo.InvariantCulture;
        string call = (string)t["call"][r];
        var args = new List<string>();
        int n = Arity(call);
        for (int a = 0; a < n; a++)
        {
            long v = (long)t["arg" + a.ToString(inv)][r];
            args.Add(v < 0 ? v.ToString(inv) : "0x" + v.ToString("x", inv));
        }
        if (t["path"][r] is string path) args.Insert(0, "\"" + path + "\"");
        var errno = t["errno"][r] as string;
        long result = (long)t["result"][r];
        string res = t["result_kind"][r] as string == "justreturn" ? "EJUSTRETURN"
            : errno is null ? (result < 0 ? result.ToString(inv) : "0x" + result.ToString("x", inv))
            : "-1 " + errno;
        var sb = new StringBuilder();
        sb.Append(((long)t["seq"][r]).ToString(inv).PadLeft(6)).Append(" [pid ").Append(t["pid"][r]).Append(" tid ").Append(t["tid"][r]).Append("] ")
          .Append(call).Append('(').Append(string.Join(", ", args)).Append(") = ").Append(res);
        if (t["ve_refs_before"][r] is int or null && t["ve_refs_after"][r] is int after)
            sb.Append("  refs ").Append(t["ve_refs_before"][r] is int before ? before.ToString(inv) : "new").Append("->").Append(after.ToString(inv));
        int cmp = (int)t["rb_compares"][r];
        if (cmp > 0) sb.Append(" cmp ").Append(cmp.ToString(inv));
        return sb.ToString();
    }

    /// <summary>Integer arguments each call takes (the rest are zero in the trace).</summary>
    static int Arity(string call) => call switch
    {
        "vmspace_create" => 3, "vmspace_destroy" => 1, "vmspace_ctl" => 4, "vmspace_mmap" => 7, "vmspace_munmap" => 3,
        "vmspace_mcontrol" => 5, "vmspace_pread" or "vmspace_pwrite" => 5, "mmap" => 6, "munmap" => 2, "madvise" => 3,
        "mcontrol" => 4, "open" => 2, "close" => 1, "ftruncate" => 2, "exit" => 1, "guest_trap" => 1, "sysctl" => 1,
        _ => 0,
    };

    /// <summary>The lines, newline-terminated, with a footer naming the rows shown.</summary>
    public override string ToString() =>
        string.Concat(Lines.Select(l => l + "\n")) +
        string.Create(CultureInfo.InvariantCulture, $"({Lines.Count} of {Total} rows)\n");
}
