// Models vnode_pager_setsize of sys/vm/vnode_pager.c (a2ee730d), as ftruncate reaches it.
// Simplified: pages beyond the new end are freed, but translations to them in other vmspaces are not removed
// (the kernel's vm_object_page_remove does pmap_remove them); copyin/copyout and faults notice the missing page
// and re-fault, which fails with KERN_PROTECTION_FAILURE beyond the new end of file.
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
        ulong tail = newSize & Param.PAGE_MASK;
        if (tail != 0 && obj.Pages.TryGetValue(npages - 1, out var last))
            Array.Clear(last, (int)tail, (int)(Param.PAGE_SIZE - tail));
        obj.SizePages = npages;
        vp.Size = newSize;
        return 0;
    }
}
