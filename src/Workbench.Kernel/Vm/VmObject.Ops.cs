// Models vm_object_allocate, vm_object_reference, vm_object_deallocate, vm_object_page_remove and
// vm_object_coalesce of sys/vm/vm_object.c (a2ee730d). Simplified: no object lock/hold counts, no paging, no
// collapse (a shadow's backing object is never merged into it).
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmObject
{
    /// <summary><c>vm_object_allocate</c>: a new object with one reference. No requirements.</summary>
    internal static VmObject vm_object_allocate(ObjType type, ulong sizePages) => new(type, sizePages);

    /// <summary><c>vm_object_reference</c>. No requirements.</summary>
    internal void vm_object_reference()
    {
        Kassert.KKASSERT(RefCount > 0 && !Dead, "vm_object_reference: dead object");
        RefCount++;
    }

    /// <summary><c>vm_object_deallocate</c>: drop one reference; at 0 free the pages and release the backing object.
    /// No requirements.</summary>
    internal void vm_object_deallocate()
    {
        Kassert.KKASSERT(RefCount > 0 && !Dead, "vm_object_deallocate: ref_count already 0");
        if (--RefCount > 0) return;
        Kassert.KKASSERT(Type != ObjType.OBJT_VNODE, "vm_object_deallocate: vnode object lost its vnode reference");
        Pages.Clear();
        Dead = true;
        var backing = BackingObject;
        BackingObject = null;
        backing?.vm_object_deallocate();
    }

    /// <summary><c>vm_object_page_remove</c>: free the resident pages with start &lt;= pindex &lt; end. No requirements.</summary>
    internal void vm_object_page_remove(ulong start, ulong end)
    {
        if (end <= start || Pages.Count == 0) return;
        if (end - start <= (ulong)Pages.Count)
        {
            for (ulong i = start; i < end; i++) Pages.Remove(i);
            return;
        }
        foreach (var pi in Pages.Keys.Where(k => k >= start && k < end).ToList()) Pages.Remove(pi);
    }

    /// <summary><c>vm_object_coalesce</c>: can an anonymous mapping of <paramref name="nextSize"/> bytes that follows
    /// <paramref name="prevSize"/> bytes at <paramref name="prevPindex"/> extend this object? Extends it if so.
    /// A null object always coalesces. No requirements.</summary>
    internal static bool vm_object_coalesce(VmObject? prev, ulong prevPindex, ulong prevSize, ulong nextSize)
    {
        if (prev is null) return true;
        if (prev.Type != ObjType.OBJT_DEFAULT && prev.Type != ObjType.OBJT_SWAP) return false;
        if (prev.BackingObject is not null) return false;
        ulong nextPindex = prevPindex + Param.atop(prevSize);
        ulong nextPages = Param.atop(nextSize);
        if (prev.RefCount > 1 && prev.SizePages != nextPindex) return false;
        // Remove pages left over from a previous deallocation of this range, then extend the object.
        if (nextPindex < prev.SizePages) prev.vm_object_page_remove(nextPindex, nextPindex + nextPages);
        if (nextPindex + nextPages > prev.SizePages) prev.SizePages = nextPindex + nextPages;
        return true;
    }

    /// <summary>The resident page at <paramref name="pindex"/> of this object, or of the backing object for a shadow
    /// (with the object that holds it). Null when neither has it. No requirements.</summary>
    internal byte[]? vm_page_lookup_chain(ulong pindex, out VmObject? holder, out ulong holderPindex)
    {
        if (Pages.TryGetValue(pindex, out var pg)) { holder = this; holderPindex = pindex; return pg; }
        if (BackingObject is { } b && b.Pages.TryGetValue(pindex + BackingOffsetPages, out pg))
        {
            holder = b; holderPindex = pindex + BackingOffsetPages; return pg;
        }
        holder = null; holderPindex = 0;
        return null;
    }

    /// <summary><c>vm_page_alloc</c> + zero fill: a new resident page at <paramref name="pindex"/>. No requirements.</summary>
    internal byte[] vm_page_alloc_zero(ulong pindex)
    {
        Kassert.KKASSERT(!Pages.ContainsKey(pindex), "vm_page_alloc: page already resident");
        var pg = new byte[Param.PAGE_SIZE];
        Pages[pindex] = pg;
        return pg;
    }

    public override string ToString() => $"{Type}(size={SizePages}, refs={RefCount}, resident={Pages.Count})";
}
