// Checks over a trace that several notebooks' findings make: the refcount rules of spec §1.3 read row by row.
using Microsoft.Data.Analysis;
using Workbench.Analysis;

namespace Workbench.Lab;

/// <summary>Refcount claims over a trace DataFrame (<see cref="TraceSchema"/> columns). Stateless; thread-safe.</summary>
public static class TraceClaims
{
    /// <summary>
    /// The first row that breaks a ve->refs rule, as "row N: what", or null: every EBUSY from vmspace_destroy met
    /// refs &gt; 0, every successful destroy met 0, and vmspace_mcontrol/vmspace_mmap left refs as they found them
    /// (their temporary ref never shows between calls).
    /// </summary>
    public static string? RefcountViolation(DataFrame trace)
    {
        var call = FrameColumns.Strings(trace, "call");
        var errno = FrameColumns.Strings(trace, "errno");
        var before = FrameColumns.Refs(trace, "ve_refs_before");
        var after = FrameColumns.Refs(trace, "ve_refs_after");
        for (int i = 0; i < call.Length; i++)
        {
            if (call[i] == "vmspace_destroy" && errno[i] == "EBUSY" && before[i] <= 0)
                return $"row {i}: EBUSY with refs {before[i]}";
            if (call[i] == "vmspace_destroy" && errno[i] is null && before[i] != 0)
                return $"row {i}: destroy succeeded with refs {before[i]}";
            if (call[i] is "vmspace_mcontrol" or "vmspace_mmap" && before[i] != after[i])
                return $"row {i}: {call[i]} changed refs {before[i]} -> {after[i]}";
        }
        return null;
    }

    /// <summary>The highest ve->refs after any call.</summary>
    public static long MaxRefs(DataFrame trace) => FrameColumns.Refs(trace, "ve_refs_after").DefaultIfEmpty(0).Max();

    /// <summary>How many rows answered <paramref name="errno"/>.</summary>
    public static int Count(DataFrame trace, string errno) => FrameColumns.Strings(trace, "errno").Count(e => e == errno);
}
