// 76f1911e607287d1cad1cece8db8d5d9bae6ca23 (2017-01-23), "pmap and vkernel work": VKE_REF_DELETED (0x80000000) as a
// flag inside refs, set by compare-and-set from the expected count; cache refs move out of refs (the cache path
// tests DELETED after its increment, and the last cache drop of a deleted entry frees it); MADV_INVAL takes the map
// lock shared. Fixes C1; introduces C2 (destroy's EBUSY path drops a cache ref it never took) and C3 (the deleter's
// cache ref is taken after DELETED is visible), and opens A3 (shared INVAL vs an in-flight fault). Read from the
// commit's vm_vmspace.c and vkernel.h; the interleavings are inferred (spec §7.2).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Errno;

namespace Workbench.Kernel.Vkernel.Designs;

/// <summary>76f1911e (2017-01-23): VKE_REF_DELETED by compare-and-set; shared MADV_INVAL.</summary>
class Deleted2017 : Cache2017
{
    public override string Name => "76f1911e";
    public override string Date => "2017-01-23";
    public override string Summary => "VKE_REF_DELETED by cmpset, cache refs separate, shared MADV_INVAL (fixes C1; C2, C3, A3)";
    public override KernelDesign? Previous => All[2];
    internal override bool MadvInvalShared => true;

    internal override string? EntryRefsProblem(Machine m, VmspaceEntry ve, int live)
    {
        int caching = Caching(m, ve);
        return ve.refs == 1 + live && ve.cache_refs == caching && !ve.refs_deleted ? null
            : $"{ve} refs={ve.refs} cache_refs={ve.cache_refs} deleted={ve.refs_deleted} instead of {1 + live} and {caching} (tree + {live} running; {caching} caching)";
    }

    internal override VmspaceEntry? vkernel_find_vmspace(Machine m, Lwp td, VkernelProc vkp, ulong id, bool excl)
    {
        if (td.lwp_vkernel is { } vklp && vklp.ve_cache is { } c && Kasan.Check(c, "vkernel_find_vmspace (cache)").id == id)
        {
            m.AtomicStep("find: faa(ve->refs, 1) (cache)", vkp);
            Kasan.Check(c, "vkernel_find_vmspace (cache hit)").refs++;
            if (!c.refs_deleted)
            {
                Kassert.KKASSERT(c.vmspace is not null, $"vkernel_find_vmspace: {c} not deleted but has no vmspace");
                m.StampVe(c);
                return c;
            }
            vklp.ve_cache = null; // stale
            vmspace_entry_drop(m, vkp, c);
            vmspace_entry_cache_drop(m, vkp, c);
        }
        if (!excl) m.lwkt_gettoken_shared(td, vkp.token);
        var ve = vkp.root.RB_FIND(id);
        if (ve is not null)
        {
            m.AtomicStep("find: faa(ve->refs, 1)", vkp);
            ve.refs++;
            if (ve.refs_deleted) { vmspace_entry_drop(m, vkp, ve); ve = null; }
        }
        if (!excl) m.lwkt_reltoken(td, vkp.token);
        if (ve is not null) m.StampVe(ve);
        return ve;
    }

    /// <summary><c>vmspace_entry_drop</c>: refs-- only; it never frees any more.</summary>
    internal override void vmspace_entry_drop(Machine m, VkernelProc? vkp, VmspaceEntry ve)
    {
        m.AtomicStep("drop: ve->refs--", vkp);
        Kasan.Check(ve, "vmspace_entry_drop").refs--;
    }

    /// <summary><c>vmspace_entry_cache_ref</c>.</summary>
    internal void vmspace_entry_cache_ref(Machine m, VkernelProc? vkp, VmspaceEntry ve)
    {
        m.AtomicStep("cache_ref: cache_refs++", vkp);
        Kasan.Check(ve, "vmspace_entry_cache_ref").cache_refs++;
    }

    /// <summary><c>vmspace_entry_cache_drop</c>: the drop that takes cache_refs to 0 frees a deleted entry. The count
    /// and the DELETED test are two separate reads (C4's window, until 1e0d343f).</summary>
    internal virtual void vmspace_entry_cache_drop(Machine m, VkernelProc? vkp, VmspaceEntry ve)
    {
        m.AtomicStep("cache_drop: faa(cache_refs, -1)", vkp);
        if (Kasan.Check(ve, "vmspace_entry_cache_drop").cache_refs-- != 1) return;
        m.AtomicStep("cache_drop: test VKE_REF_DELETED", vkp);
        if (Kasan.Check(ve, "vmspace_entry_cache_drop (DELETED test)").refs_deleted) Kasan.Kfree(ve, "vmspace_entry_cache_drop");
    }

    /// <summary>atomic_cmpset_int(&amp;ve->refs, refs, refs | VKE_REF_DELETED), one step.</summary>
    protected static bool CmpsetDeleted(Machine m, VkernelProc vkp, VmspaceEntry ve, int refs, bool keepCount)
    {
        m.AtomicStep("delete: cmpset(refs, DELETED)", vkp);
        if (Kasan.Check(ve, "vmspace_entry_delete (cmpset)").refs != refs || ve.refs_deleted) return false;
        ve.refs_deleted = true;
        if (!keepCount) ve.refs = 0;
        return true;
    }

    internal override int destroy_locked(Machine m, Lwp td, VkernelProc vkp, ulong id)
    {
        var ve = vkernel_find_vmspace(m, td, vkp, id, excl: true);
        if (ve is null) return ENOENT;
        int error = vmspace_entry_delete(m, td, vkp, ve, 2);
        if (error != 0) destroy_ebusy(m, vkp, ve);
        return error;
    }

    /// <summary>What destroy does on EBUSY: 76f1911e drops a cache ref it never took (C2).</summary>
    internal virtual void destroy_ebusy(Machine m, VkernelProc vkp, VmspaceEntry ve) => vmspace_entry_cache_drop(m, vkp, ve);

    /// <summary><c>vmspace_entry_delete(ve, vkp, refs)</c>: cmpset DELETED, off the tree, cache_ref (after DELETED is
    /// visible: C3), drop the caller's refs, tear down (blocks), cache_drop.</summary>
    internal virtual int vmspace_entry_delete(Machine m, Lwp td, VkernelProc vkp, VmspaceEntry ve, int refs)
    {
        if (!CmpsetDeleted(m, vkp, ve, refs, keepCount: true)) return EBUSY;
        vkp.root.RB_REMOVE(ve);
        vmspace_entry_cache_ref(m, vkp, ve);
        while (refs-- > 0) vmspace_entry_drop(m, vkp, ve);
        Teardown(ve);
        vmspace_entry_cache_drop(m, vkp, ve);
        return 0;
    }

    internal override void ctl_cache(Machine m, VkernelProc vkp, VkernelLwp vklp, VmspaceEntry ve)
    {
        vmspace_entry_cache_ref(m, vkp, ve);
        if (vklp.ve_cache is { } old) vmspace_entry_cache_drop(m, vkp, old);
        vklp.ve_cache = ve;
    }

    internal override void vkernel_lwp_exit_cache(Machine m, Lwp lp, VkernelLwp vklp)
    {
        if (vklp.ve_cache is not { } ve) return;
        vklp.ve_cache = null;
        vmspace_entry_cache_drop(m, lp.lwp_proc.p_vkernel, ve);
    }

    internal override int rb_vmspace_delete(Machine m, Lwp td, VmspaceEntry ve, VkernelProc vkp)
    {
        if (vmspace_entry_delete(m, td, vkp, ve, 1) != 0)
            throw new KernelPanicException($"rb_vmspace_delete: invalid refs {ve.refs}");
        return 0;
    }
}

/// <summary>07511847 (2017-01-26), "Fix improper dereference ... could cause host memory to become corrupt": the
/// EBUSY path no longer drops a cache ref (fixes C2); delete gains an "already deleted" guard. C3 remains.</summary>
class NoEbusyDrop2017 : Deleted2017
{
    public override string Name => "07511847";
    public override string Date => "2017-01-26";
    public override string Summary => "EBUSY no longer drops a cache ref (fixes C2); C3 remains";
    public override KernelDesign? Previous => All[3];

    internal override void destroy_ebusy(Machine m, VkernelProc vkp, VmspaceEntry ve) { } // the find ref still leaks (C5)

    internal override int vmspace_entry_delete(Machine m, Lwp td, VkernelProc vkp, VmspaceEntry ve, int refs) =>
        already_deleted(m, ve) ? 0 : base.vmspace_entry_delete(m, td, vkp, ve, refs);

    /// <summary>The guard 07511847 added at the top of vmspace_entry_delete (unreachable as far as the model goes:
    /// a lookup never returns a deleted entry and the tree holds none).</summary>
    protected static bool already_deleted(Machine m, VmspaceEntry ve)
    {
        if (!ve.refs_deleted) return false;
        m.kprintf($"vmspace_entry_delete: {ve} already deleted");
        return true;
    }
}

/// <summary>5947157e (2017-01-26): the vpagetable A/M write-back becomes a compare-and-swap loop (fixes A2;
/// VmFault.VpteCas.cs). Placed after 07511847 (same day; the order within the day is not known).</summary>
class VpteCas2017 : NoEbusyDrop2017
{
    public override string Name => "5947157e";
    public override string Date => "2017-01-26";
    public override string Summary => "vpte A/M write-back by compare-and-swap (fixes A2)";
    public override KernelDesign? Previous => All[4];
    internal override bool VpteWriteBackCas => true;
}

/// <summary>98e80c61 (2017-01-28), "Fix vkernel race in host": delete takes its cache ref before the cmpset, so a
/// stale cache drop cannot free the entry under the deleter (fixes C3). The count and DELETED are still tested
/// apart in cache_drop (C4).</summary>
class CacheRefFirst2017 : VpteCas2017
{
    public override string Name => "98e80c61";
    public override string Date => "2017-01-28";
    public override string Summary => "cache ref taken before DELETED (fixes C3); C4 remains";
    public override KernelDesign? Previous => All[5];

    internal override int vmspace_entry_delete(Machine m, Lwp td, VkernelProc vkp, VmspaceEntry ve, int refs)
    {
        if (already_deleted(m, ve)) return 0;
        vmspace_entry_cache_ref(m, vkp, ve);
        int error;
        if (CmpsetDeleted(m, vkp, ve, refs, keepCount: true))
        {
            vkp.root.RB_REMOVE(ve);
            while (refs-- > 0) vmspace_entry_drop(m, vkp, ve);
            Teardown(ve);
            error = 0;
        }
        else
        {
            error = EBUSY;
        }
        vmspace_entry_cache_drop(m, vkp, ve);
        return error;
    }
}

/// <summary>1e0d343f (2017-01-30), "Fix race with vmspace_entry destroy race ... could result in a double-free": the
/// final scheme. refs counts active users only (0 at create); cache_refs starts at 1 for "on the tree and not
/// deleted"; the cmpset sets refs to exactly DELETED (consuming the caller's refs); only the last cache drop frees,
/// and it asserts DELETED (fixes C4). Destroy's EBUSY still keeps its find ref (C5, spec §7.2, settled by the tests).</summary>
class Final2017 : CacheRefFirst2017
{
    public override string Name => "1e0d343f";
    public override string Date => "2017-01-30";
    public override string Summary => "final scheme: cache_refs holds the tree's ref, last cache drop frees (fixes C4; C5?)";
    public override KernelDesign? Previous => All[6];

    internal override void vmspace_entry_init(VmspaceEntry ve) { ve.refs = 0; ve.cache_refs = 1; }

    internal override string? EntryRefsProblem(Machine m, VmspaceEntry ve, int live)
    {
        int caching = Caching(m, ve);
        return ve.refs == live && ve.cache_refs == 1 + caching && !ve.refs_deleted ? null
            : $"{ve} refs={ve.refs} cache_refs={ve.cache_refs} deleted={ve.refs_deleted} instead of {live} and {1 + caching} ({live} running; tree + {caching} caching)";
    }

    internal override int destroy_locked(Machine m, Lwp td, VkernelProc vkp, ulong id)
    {
        var ve = vkernel_find_vmspace(m, td, vkp, id, excl: true);
        if (ve is null) return ENOENT;
        int error = vmspace_entry_delete(m, td, vkp, ve, 1);
        if (error == 0) vmspace_entry_cache_drop(m, vkp, ve); // the tree's cache ref
        return error; // on EBUSY the find ref is not dropped
    }

    internal override int vmspace_entry_delete(Machine m, Lwp td, VkernelProc vkp, VmspaceEntry ve, int refs)
    {
        if (!CmpsetDeleted(m, vkp, ve, refs, keepCount: false))
        {
            Kassert.KKASSERT(ve.refs >= refs, $"vmspace_entry_delete: {ve} refs below {refs}");
            return EBUSY;
        }
        vkp.root.RB_REMOVE(ve);
        Teardown(ve);
        return 0;
    }

    internal override void vmspace_entry_cache_drop(Machine m, VkernelProc? vkp, VmspaceEntry ve)
    {
        m.AtomicStep("cache_drop: faa(cache_refs, -1)", vkp);
        if (Kasan.Check(ve, "vmspace_entry_cache_drop").cache_refs-- != 1) return;
        Kassert.KKASSERT(ve.refs_deleted, $"vmspace_entry_cache_drop: {ve} freed without VKE_REF_DELETED");
        Kasan.Kfree(ve, "vmspace_entry_cache_drop");
    }

    internal override int rb_vmspace_delete(Machine m, Lwp td, VmspaceEntry ve, VkernelProc vkp)
    {
        if (vmspace_entry_delete(m, td, vkp, ve, 0) != 0)
            throw new KernelPanicException($"rb_vmspace_delete: invalid refs {ve.refs}");
        vmspace_entry_cache_drop(m, vkp, ve);
        return 0;
    }
}

/// <summary>fc531fbc (2017-02-04), "Fix more pagein/pageout corruption": the VA-range interlock between vm_fault and
/// the shared MADV_INVAL (fixes A3; VmMap.Interlock.cs). The last design in the chain.</summary>
class Interlock2017 : Final2017
{
    public override string Name => "fc531fbc";
    public override string Date => "2017-02-04";
    public override string Summary => "VA-range interlock between vm_fault and MADV_INVAL (fixes A3)";
    public override KernelDesign? Previous => All[7];
    internal override bool FaultInvalInterlock => true;
}
