// d95d5e03dc91bae5e1f8dc1034eed0c063b5c70b (2017-01-22), "Fix vmspace_*() call bottleneck": a per-LWP ve_cache and
// cache_refs; ve->refs counts 1 for the tree + 1 per cache + 1 per active user; lookups take vkp->token shared, or
// none on a cache hit, and really bump refs; vmspace_token is gone; the ve is freed when refs reaches 0; destroy
// refuses unless refs == 2 + cache_refs. Carries a86ce0cd (no MP lock). Not modelled: VMM threads, p->p_token in
// create (a8d3ab53: proc_token kept), vmspace_rel's holdcount scheme (93f86408: vmspace_free kept).
// Mechanics read from the commit's vm_vmspace.c; the switch points between its atomic steps are where another CPU
// can get in. Introduces C1 (spec §7.2): a cache hit revives an entry that destroy is tearing down.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Kern.SysProto;

namespace Workbench.Kernel.Vkernel.Designs;

/// <summary>d95d5e03 (2017-01-22): the per-LWP cache and a lookup that takes its own ref.</summary>
class Cache2017 : KernelDesign
{
    public override string Name => "d95d5e03";
    public override string Date => "2017-01-22";
    public override string Summary => "per-LWP ve_cache, cache_refs, shared vkp->token, lookups take a ref (C1)";
    public override KernelDesign? Previous => All[1];
    internal override bool MpLocked => false;

    internal override string? EntryRefsProblem(Machine m, VmspaceEntry ve, int live)
    {
        int caching = Caching(m, ve);
        return ve.refs == 1 + caching + live && ve.cache_refs == caching ? null
            : $"{ve} refs={ve.refs} cache_refs={ve.cache_refs} instead of {1 + caching + live} and {caching} (tree + {caching} caching + {live} running)";
    }

    /// <summary>refs of a new entry (1: on the tree).</summary>
    internal virtual void vmspace_entry_init(VmspaceEntry ve) => ve.refs = 1;

    internal override int sys_vmspace_create(Machine m, Lwp td, ref VmspaceCreateArgs uap)
    {
        int error = m.sys_vmspace_create(td, ref uap); // the a86ce0cd body (no MP lock)
        if (error == 0 && m.CurrentCall?.Ve is { } ve) vmspace_entry_init(ve); // in the same step as the insert
        return error;
    }

    /// <summary><c>vkernel_find_vmspace(vkp, id, excl)</c>: the LWP's cache first (no token; "alive" is
    /// ve->vmspace != NULL), else the tree under vkp->token (shared unless the caller holds it). Bumps refs.</summary>
    internal virtual VmspaceEntry? vkernel_find_vmspace(Machine m, Lwp td, VkernelProc vkp, ulong id, bool excl)
    {
        VmspaceEntry? ve = null;
        if (td.lwp_vkernel is { } vklp && vklp.ve_cache is { } c)
        {
            m.AtomicStep("find: ve_cache", vkp);
            ve = Kasan.Check(c, "vkernel_find_vmspace (cache)");
            if (ve.id != id || ve.vmspace is null) ve = null;
        }
        if (ve is null)
        {
            if (!excl) m.lwkt_gettoken_shared(td, vkp.token);
            ve = vkp.root.RB_FIND(id);
            if (ve is not null)
            {
                if (ve.vmspace is not null) ve.refs++;
                else ve = null;
            }
            if (!excl) m.lwkt_reltoken(td, vkp.token);
        }
        else
        {
            m.AtomicStep("find: ve->refs++ (cache hit)", vkp);
            Kasan.Check(ve, "vkernel_find_vmspace (cache hit)").refs++; // no token, no re-check
        }
        if (ve is not null) m.StampVe(ve);
        return ve;
    }

    /// <summary><c>vmspace_entry_drop</c>: refs--; the last ref frees the entry.</summary>
    internal virtual void vmspace_entry_drop(Machine m, VkernelProc? vkp, VmspaceEntry ve)
    {
        m.AtomicStep("drop: ve->refs--", vkp);
        if (Kasan.Check(ve, "vmspace_entry_drop").refs-- == 1) Kasan.Kfree(ve, "vmspace_entry_drop");
    }

    internal override int sys_vmspace_destroy(Machine m, Lwp td, ref VmspaceDestroyArgs uap)
    {
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null) return EINVAL;
        m.lwkt_gettoken(td, vkp.token);
        int error = destroy_locked(m, td, vkp, uap.id);
        m.lwkt_reltoken(td, vkp.token);
        return error;
    }

    /// <summary>The body of sys_vmspace_destroy under vkp->token (exclusive).</summary>
    internal virtual int destroy_locked(Machine m, Lwp td, VkernelProc vkp, ulong id)
    {
        var ve = vkernel_find_vmspace(m, td, vkp, id, excl: true);
        if (ve is null) return ENOENT;
        int refs = ve.refs;
        m.AtomicStep("destroy: read cache_refs", vkp); // two separate reads, not one atomic test
        if (refs != 2 + ve.cache_refs) return EBUSY;  // our ref + index ref; the find ref is not dropped (leak)
        vmspace_entry_delete(m, td, vkp, ve);
        vmspace_entry_drop(m, vkp, ve);
        return 0;
    }

    /// <summary><c>vmspace_entry_delete</c>: off the tree, tear down (blocks), vmspace = NULL only at the end, drop the tree's ref.</summary>
    internal virtual void vmspace_entry_delete(Machine m, Lwp td, VkernelProc vkp, VmspaceEntry ve)
    {
        vkp.root.RB_REMOVE(ve);
        Teardown(ve);
        vmspace_entry_drop(m, vkp, ve);
    }

    /// <summary>pmap_remove_pages, vm_map_remove, vmspace_rel (each may block), then ve->vmspace = NULL.</summary>
    protected static void Teardown(VmspaceEntry ve)
    {
        var vm = Kasan.Vmspace(ve, "vmspace_entry_delete");
        vm.vm_pmap.pmap_remove_pages(Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        vm.vm_map.vm_map_remove(Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        vm.vmspace_free();
        ve.vmspace = null;
    }

    /// <summary>The cache switch of VMSPACE_CTL_RUN: cache <paramref name="ve"/> instead of the previous entry.</summary>
    internal virtual void ctl_cache(Machine m, VkernelProc vkp, VkernelLwp vklp, VmspaceEntry ve)
    {
        if (vklp.ve_cache is { } old)
        {
            m.AtomicStep("ctl: old->cache_refs--", vkp);
            Kasan.Check(old, "vmspace_ctl (cache switch)").cache_refs--;
            vmspace_entry_drop(m, vkp, old);
        }
        vklp.ve_cache = ve;
        m.AtomicStep("ctl: ve->cache_refs++, refs++", vkp);
        Kasan.Check(ve, "vmspace_ctl (cache)").cache_refs++;
        ve.refs++;
    }

    internal override int sys_vmspace_ctl(Machine m, Lwp lp, ref VmspaceCtlArgs uap)
    {
        var vkp = lp.lwp_proc.p_vkernel;
        if (vkp is null) return EINVAL;
        var ve = vkernel_find_vmspace(m, lp, vkp, uap.id, excl: false);
        if (ve is null) return ENOENT;
        int error;
        if (uap.cmd == Vk.VMSPACE_CTL_RUN)
        {
            var vklp = m.vkernel_lwp_alloc(lp);
            if (vklp.ve_cache != ve) ctl_cache(m, vkp, vklp, ve);
            error = m.vmspace_ctl_load(lp, vklp, uap.tframe, uap.vframe);
            if (error == 0)
            {
                vklp.ve = ve;
                m.AtomicStep("ctl: ve->refs++ (running)", vkp);
                Kasan.Check(ve, "vmspace_ctl (run)").refs++;
                Machine.pmap_setlwpvm(lp, Kasan.Vmspace(ve, "vmspace_ctl (pmap_setlwpvm)"));
                Machine.set_vkernel_fp(lp);
                error = EJUSTRETURN;
            }
        }
        else
        {
            error = EOPNOTSUPP;
        }
        vmspace_entry_drop(m, vkp, ve); // the find ref
        return error;
    }

    internal override int sys_vmspace_mmap(Machine m, Lwp td, ref VmspaceMmapArgs uap)
    {
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null) return EINVAL;
        var ve = vkernel_find_vmspace(m, td, vkp, uap.id, excl: false);
        if (ve is null) return ENOENT;
        int error = VmMmap.kern_mmap(m, td.lwp_proc, Kasan.Vmspace(ve, "vmspace_mmap"), uap.addr, uap.len,
            uap.prot, uap.flags, uap.fd, uap.offset, out var res);
        if (error == 0) uap.sysmsg_result = (long)res;
        vmspace_entry_drop(m, vkp, ve);
        return error;
    }

    internal override int sys_vmspace_munmap(Machine m, Lwp td, ref VmspaceMunmapArgs uap)
    {
        ulong addr = uap.addr, len = uap.len;
        return WithEntry(m, td, uap.id, ve => m.vmspace_munmap_range(ve, addr, len));
    }

    internal override int sys_vmspace_mcontrol(Machine m, Lwp td, ref VmspaceMcontrolArgs uap)
    {
        ulong tmpaddr = uap.addr + uap.len;
        ulong addr = uap.addr;
        int behav = uap.behav;
        long value = uap.value;
        return WithEntry(m, td, uap.id, ve => m.vmspace_mcontrol_range(ve, addr, tmpaddr, behav, value));
    }

    internal override int sys_vmspace_pread(Machine m, Lwp td, ref VmspacePreadArgs uap) => WithEntry(m, td, uap.id, _ => EINVAL);
    internal override int sys_vmspace_pwrite(Machine m, Lwp td, ref VmspacePwriteArgs uap) => WithEntry(m, td, uap.id, _ => EINVAL);

    /// <summary>The shape of munmap, mcontrol, pread and pwrite from d95d5e03: no vkp → EINVAL; find (a ref) →
    /// ENOENT; the body; drop.</summary>
    int WithEntry(Machine m, Lwp td, ulong id, Func<VmspaceEntry, int> body)
    {
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null) return EINVAL;
        var ve = vkernel_find_vmspace(m, td, vkp, id, excl: false);
        if (ve is null) return ENOENT;
        Kasan.Vmspace(ve, "vmspace_* (body)");
        int error = body(ve);
        vmspace_entry_drop(m, vkp, ve);
        return error;
    }

    internal override void vkernel_running_drop(Machine m, Lwp lp, VmspaceEntry ve, string fn)
    {
        Sys.Kassert.KKASSERT(Kasan.Check(ve, fn).refs > 0, $"{fn}: ve->refs <= 0");
        vmspace_entry_drop(m, lp.lwp_proc.p_vkernel, ve);
    }

    internal override void vkernel_lwp_exit_cache(Machine m, Lwp lp, VkernelLwp vklp)
    {
        if (vklp.ve_cache is not { } ve) return;
        vklp.ve_cache = null;
        m.AtomicStep("lwp_exit: cache_refs--", lp.lwp_proc.p_vkernel);
        Kasan.Check(ve, "vkernel_lwp_exit (cache)").cache_refs--;
        vmspace_entry_drop(m, lp.lwp_proc.p_vkernel, ve);
    }

    internal override int rb_vmspace_delete(Machine m, Lwp td, VmspaceEntry ve, VkernelProc vkp)
    {
        Sys.Kassert.KKASSERT(ve.refs == ve.cache_refs + 1, $"rb_vmspace_delete: {ve} refs {ve.refs} != cache_refs {ve.cache_refs} + 1");
        vmspace_entry_delete(m, td, vkp, ve);
        return 0;
    }
}
