// Not in the C: the switch points the model marks besides blocking points and token/lock acquisitions (those are in
// Syscall2.cs, Lwkt.cs and Lockmgr.cs): lock-free steps on shared state. Run sequentially they only return.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Vkernel;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary>Before a lock-free step on a vkernel's shared state (ve->refs, vkp->refs, the per-LWP cache): under
    /// a scheduler another CPU may get in first.</summary>
    internal void AtomicStep(string what, VkernelProc? vkp)
    {
        if (Sched is { } s) s.Atomic(what, vkp is null ? 0 : SchedObj.Of(SchedObj.Vkernel, vkp.Id));
    }

    /// <summary>Before a lock-free load or store of a word in page <paramref name="pindex"/> of a vm object (a vpte
    /// read or A/M write-back in the fault walk, the vkernel's own stores into its page tables).</summary>
    internal void AtomicStep(string what, long obj, ulong pindex)
    {
        if (Sched is { } s) s.Atomic(what, SchedObj.OfPage(obj, pindex));
    }

    /// <summary>The vkernel_proc of <paramref name="lp"/>'s process (for footprints; null without one).</summary>
    static VkernelProc? vkp_of(Lwp lp) => lp.lwp_proc.p_vkernel;
}
