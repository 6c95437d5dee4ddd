// Models struct vkernel_proc, struct vkernel_lwp and struct vmspace_entry (sys/sys/vkernel.h, a2ee730d). Faithful.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Lib;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Vkernel;

/// <summary><c>struct vkernel_proc</c> (<c>p->p_vkernel</c>): one per vkernel process, shared across fork (spec §1.2).</summary>
/// <remarks>
/// <c>refs</c> life cycle (spec §1.3):
/// 1. set to 1 when the process first calls vmspace_create;
/// 2. +1 in vkernel_inherit (fork);
/// 3. -1 in vkernel_exit (exit and exec);
/// 4. at 0 every vmspace_entry is deleted (each must have refs == 0, else panic) and the vkp is freed.
/// </remarks>
public sealed class VkernelProc
{
    internal VkernelProc(int id, RbStats stats)
    {
        Id = id;
        token = new LwkToken("vkernel", Sched.SchedObj.Of(Sched.SchedObj.Vkernel, id));
        root.Stats = stats; // instrumented: counts compares, changes nothing
    }

    /// <summary>A small stable number for display.</summary>
    public int Id { get; }

    /// <summary><c>token</c>: the per-vkernel LWKT token; serialises lookups in <see cref="root"/>.</summary>
    public LwkToken token { get; }

    // Guarded by token.
    /// <summary><c>root</c>: vmspace entries keyed by id, compared as unsigned pointers (rb_vmspace_compare).</summary>
    public RbTree<VmspaceEntry> root { get; } = new();

    // Atomic (atomic_add_int / atomic_fetchadd_int).
    /// <summary><c>refs</c>: processes sharing this structure.</summary>
    public int refs { get; internal set; }

    /// <summary>Set once the last reference dropped and the tree was torn down (kfree).</summary>
    public bool Freed { get; internal set; }
}
