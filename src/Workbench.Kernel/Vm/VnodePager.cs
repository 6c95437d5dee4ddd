// Models vnode_pager_setsize of sys/vm/vnode_pager.c (a2ee730d), as ftruncate reaches it.
// Faithful for what ftruncate does to memory: pages beyond the new end are freed together with every translation
// to them in every vmspace (vm_object_page_remove's pmap_remove_all), so a later access faults, and the fault
// fails with KERN_PROTECTION_FAILURE beyond the new end of file.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

/// <summary>The vnode pager: a regular file's bytes are the pages of its OBJT_VNODE object.</summary>
internal static class VnodePager
{
    /// <summary><c>vnode_pager_setsize</c> for ftruncate: set the file size, drop whole pages past it and zero the
    /// tail of a partial last page. Returns 0, or EINVAL for a vnode without a VM object (not a regular file).
    /// No requirements. Blocks (VOP_SETATTR).</summary>
    internal static int vnode_truncate(Machine m, Vnode vp, ulong newSize)
    {
        if (vp.v_type != VType.VREG || vp.v_object is not { } obj) return Errno.EINVAL;
        m.MayBlock("vnode_truncate: VOP_SETATTR");
        ulong npages = Param.atop(Param.round_page(newSize));
        if (Param.round_page(newSize) < newSize) return Errno.EINVAL;
        obj.vm_object_page_remove(npages, ulong.MaxValue);
        foreach (var pmap in AllPmaps(m)) pmap.pmap_remove_object_pages(obj, npages, ulong.MaxValue);
        ulong tail = newSize & Param.PAGE_MASK;
        if (tail != 0 && obj.Pages.TryGetValue(npages - 1, out var last))
            Array.Clear(last, (int)tail, (int)(Param.PAGE_SIZE - tail));
        obj.SizePages = npages;
        vp.Size = newSize;
        return 0;
    }

    /// <summary>Not in the C: every live pmap (each process's own vmspace and each vkernel's VMSPACEs), in place of
    /// the PV lists through which the kernel finds a page's translations. No requirements.</summary>
    static IEnumerable<Pmap> AllPmaps(Machine m)
    {
        var seen = new HashSet<Pmap>(ReferenceEqualityComparer.Instance);
        foreach (var p in m.Procs.Values)
        {
            if (seen.Add(p.p_vmspace.vm_pmap)) yield return p.p_vmspace.vm_pmap;
            if (p.p_vkernel is null) continue;
            foreach (var ve in p.p_vkernel.root.RB_FOREACH())
                if (ve.vmspace is { } vm && seen.Add(vm.vm_pmap)) yield return vm.vm_pmap;
        }
    }
}
