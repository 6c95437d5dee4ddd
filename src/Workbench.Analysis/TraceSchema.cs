// The columns of a syscall trace, in file order. One place names them, so the recorder, the DataFrame, CSV and Arrow
// files and the readers agree.
namespace Workbench.Analysis;

/// <summary>One column of a trace: its name, its .NET element type and what it holds.</summary>
public sealed record TraceColumn(string Name, Type Type, string Meaning, bool Nullable = false);

/// <summary>
/// The trace columns. Conventions: "not applicable" is null (an empty CSV field), never a sentinel number:
/// <c>errno</c> is the C name ("EBUSY") only when the call failed, else null; <c>result_kind</c> says "ok", "error" or
/// "justreturn" (EJUSTRETURN: a successful VMSPACE_CTL_RUN, which is not an error); <c>result</c> is the value
/// (<c>-1</c> on error); <c>ve_refs_before</c>/<c>ve_refs_after</c> are null when the call resolved no vmspace_entry
/// (and <c>ve_refs_before</c> for the entry a create inserted); <c>ve_id</c> is the entry's id (or the id argument of a vmspace_* call that found none, else 0);
/// counters are per call (differences), except <c>tree_size</c>, <c>vkp_refs</c>, <c>map_entries</c> and
/// <c>resident_pages</c>, which are levels (tree size before the call; the others after it).
/// </summary>
public static class TraceSchema
{
    /// <summary>Every column, in order.</summary>
    public static readonly IReadOnlyList<TraceColumn> Columns =
    [
        new("seq", typeof(long), "sequence number of the call (1, 2, ...)"),
        new("tick", typeof(long), "simulated time at the call (ticks)"),
        new("pid", typeof(int), "calling process"),
        new("tid", typeof(int), "calling LWP"),
        new("call", typeof(string), "C name (vmspace_ctl, guest_trap for a guest event)"),
        new("arg0", typeof(long), "first integer argument"),
        new("arg1", typeof(long), "second integer argument"),
        new("arg2", typeof(long), "third integer argument"),
        new("arg3", typeof(long), "fourth integer argument"),
        new("arg4", typeof(long), "fifth integer argument"),
        new("arg5", typeof(long), "sixth integer argument"),
        new("arg6", typeof(long), "seventh integer argument"),
        new("path", typeof(string), "path or sysctl name argument, null if none", Nullable: true),
        new("result", typeof(long), "value returned (-1 on error)"),
        new("errno", typeof(string), "errno C name when the call failed, else null", Nullable: true),
        new("result_kind", typeof(string), "ok, error, or justreturn (EJUSTRETURN: a successful VMSPACE_CTL_RUN)"),
        new("vkernel", typeof(int), "the caller's vkernel_proc (a small stable number, shared across fork), 0 if none"),
        new("ve_id", typeof(ulong), "id of the vmspace_entry the call names"),
        new("tree_size", typeof(int), "vmspaces in the caller's vkernel tree before the call"),
        new("rb_compares", typeof(int), "red-black tree key comparisons (rb_vmspace_compare calls)"),
        new("rb_depth", typeof(int), "nodes visited by the call's last RB_FIND/RB_INSERT descent, 0 if none"),
        new("rb_rotations", typeof(int), "tree rotations"),
        new("tokens", typeof(int), "LWKT tokens taken"),
        new("blocks", typeof(int), "points where the real kernel may block"),
        new("ve_refs_before", typeof(int), "ve->refs when the call resolved its entry, null if none (or created by it)", Nullable: true),
        new("ve_refs_after", typeof(int), "ve->refs after the call, null if no entry", Nullable: true),
        new("vkp_refs", typeof(int), "vkp->refs of the caller's vkernel after the call, 0 if none"),
        new("map_entries", typeof(int), "vm_map entries of the entry's vmspace after the call"),
        new("resident_pages", typeof(int), "resident pages of the entry's pmap after the call"),
        new("faults", typeof(int), "vm_fault calls during the call"),
    ];

    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = Columns.Select(c => c.Name).ToArray();

    /// <summary>The element types, in order (for <c>DataFrame.LoadCsv(dataTypes: ...)</c>).</summary>
    public static Type[] Types => Columns.Select(c => c.Type).ToArray();

    /// <summary>Index of a column by name, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == name) return i;
        return -1;
    }

    /// <summary>Arrow schema metadata key holding the run's seed.</summary>
    public const string SeedKey = "workbench.seed";

    /// <summary>Arrow schema metadata key naming the model version the trace came from.</summary>
    public const string ModelKey = "workbench.model";

    /// <summary>The <c>result_kind</c> of an errno: "ok", "error" or "justreturn".</summary>
    public static string ResultKind(int error) => error == 0 ? "ok" : error == Workbench.Kernel.Sys.Errno.EJUSTRETURN ? "justreturn" : "error";

    /// <summary>Value of <see cref="ModelKey"/>.</summary>
    public const string Model = "DragonFly vm_vmspace.c a2ee730d (2011-12)";
}
