// Not in the C: where a modelled thread may be switched out. Every point is one the real kernel has: a blocking
// point (it may sleep and lose its tokens), a token or lock acquisition (another CPU may get there first), a
// lock-free step on shared state (an atomic op, a vpte read or write), or the entry of the thread's next call.
namespace Workbench.Kernel.Sched;

/// <summary>The kind of a switch point.</summary>
public enum SwitchKind
{
    /// <summary>Before the thread's next system call or event.</summary>
    Entry,
    /// <summary>A point where the kernel may sleep: switched out here, the thread gives up its tokens.</summary>
    Block,
    /// <summary>Before an LWKT token acquisition.</summary>
    Token,
    /// <summary>Before a lockmgr (vm_map lock) acquisition.</summary>
    Lock,
    /// <summary>Before a lock-free step on shared state (refs arithmetic, compare-and-set, a vpte read or write).</summary>
    Atomic,
}

/// <summary>A switch point: its kind, a stable name ("kmalloc(vmspace_entry)", "vkernel", "ve->refs++") and the shared
/// object it is about (for footprints; 0 for none).</summary>
public readonly record struct SwitchPoint(SwitchKind Kind, string Name, long Obj)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Name}";
}

/// <summary>Stable identities of shared objects for the explorer's footprints: a kind in the top byte and the
/// object's own number below (numbers come from creation order, which the same schedule prefix reproduces).</summary>
public static class SchedObj
{
    public const long GlobalToken = 1L << 56, Proc = 2L << 56, Vkernel = 3L << 56, Vmspace = 4L << 56, Page = 5L << 56;

    public static long Of(long kind, long id) => kind | (id & ((1L << 56) - 1));

    /// <summary>A word of page <paramref name="pindex"/> of vm object <paramref name="obj"/>.</summary>
    public static long OfPage(long obj, ulong pindex) => Page | ((obj & 0xffffff) << 32) | (long)(pindex & 0xffffffff);
}
