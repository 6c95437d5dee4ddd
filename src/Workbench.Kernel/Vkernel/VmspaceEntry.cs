// Models struct vmspace_entry (sys/sys/vkernel.h, a2ee730d) with its refcount life cycle. Faithful.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Lib;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Vkernel;

/// <summary><c>struct vmspace_entry</c>: a vmspace under a vkernel's control, keyed by a user-chosen id.</summary>
/// <remarks>
/// <c>refs</c> life cycle (2011-12, spec §1.3): the number of in-flight users, never the tree's own link.
/// 1. 0 at create; the tree holds no count.
/// 2. +1 by a successful VMSPACE_CTL_RUN, -1 by vkernel_trap or vkernel_lwp_exit (an LWP running inside);
/// 3. +1/-1 around the bodies of vmspace_mmap, vmspace_munmap, vmspace_mcontrol (they may block);
/// 4. +1 inside vmspace_ctl, undone on its error path;
/// 5. vmspace_destroy refuses with EBUSY while refs != 0; vkernel_exit panics if it finds refs != 0.
/// vkernel_find_vmspace takes no reference although its comment says so (spec §8.1).
/// </remarks>
public sealed class VmspaceEntry : RbNode<VmspaceEntry>
{
    internal VmspaceEntry(ulong id) { rb_key = id; }

    /// <summary><c>id</c>: the user's key (a guest pmap address in the real vkernel). NULL is accepted (spec §7 B1).</summary>
    public ulong id => rb_key;

    /// <summary><c>vmspace</c>: owned; released by vmspace_free in vmspace_entry_delete.</summary>
    public VmSpace? vmspace { get; internal set; }

    /// <summary><c>flags</c>: never used in 2011 (nor VKE_DELETED).</summary>
    public int flags { get; internal set; }

    // Atomic.
    /// <summary><c>refs</c>: see the life cycle above.</summary>
    public int refs { get; internal set; }

    // Atomic (2017 designs only; 0 and false in the seed).
    /// <summary><c>cache_refs</c> (d95d5e03 on): per-LWP caches pointing here (plus 1 for "on the tree" from 1e0d343f).</summary>
    public int cache_refs { get; internal set; }
    /// <summary>The <c>VKE_REF_DELETED</c> bit (0x80000000) of <c>refs</c> (76f1911e on), kept beside the count: both
    /// change together in one model step, as the one atomic word does.</summary>
    public bool refs_deleted { get; internal set; }

    /// <summary>Set once vmspace_entry_delete finished (kfree).</summary>
    public bool Freed { get; internal set; }

    /// <summary>Not in the C: a temporary reference as a scope (<c>using var hold = ve.Hold();</c>): +1 now
    /// (atomic_add_int), -1 when the scope ends (atomic_subtract_int), however the body returns. Life cycle step 3.</summary>
    internal RefHold Hold()
    {
        Kassert.KKASSERT(!Freed, $"vmspace_entry: {this} held after kfree");
        refs++;
        return new RefHold(this);
    }

    /// <summary>Not in the C: the scope of one temporary <c>ve-&gt;refs</c> reference.</summary>
    internal readonly struct RefHold(VmspaceEntry ve) : IDisposable
    {
        public void Dispose()
        {
            Kassert.KKASSERT(ve.refs > 0, $"vmspace_entry: {ve} refs underflow");
            ve.refs--;
        }
    }

    public override string ToString() => $"ve(id=0x{id:x}, refs={refs})";
}
