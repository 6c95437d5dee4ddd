// Models vm_map_remove, vm_map_delete and vm_map_check_protection of sys/vm/vm_map.c (a2ee730d).
// Faithful for clamping, clipping, the pmap_remove of each piece and the OBJ_ONEMAPPING page freeing;
// simplified: no in-transition waits (nothing is ever in transition in an atomic model), no wiring.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_map_remove</c>: unmap [start, end) (clamped to the map), tolerating holes. Always
    /// KERN_SUCCESS (spec §2.5). No requirements: takes the map lock exclusively.</summary>
    internal int vm_map_remove(ulong start, ulong end)
    {
        using var _ = LockedExclusive();
        VM_MAP_RANGE_CHECK(ref start, ref end);
        vm_map_delete(start, end);
        return Mman.KERN_SUCCESS;
    }

    /// <summary><c>VM_MAP_RANGE_CHECK</c>: clamp [start, end) into [min_offset, max_offset].</summary>
    void VM_MAP_RANGE_CHECK(ref ulong start, ref ulong end)
    {
        if (start < min_offset) start = min_offset;
        if (end > max_offset) end = max_offset;
        if (start > end) start = end;
    }

    /// <summary><c>vm_map_delete</c>. Caller holds the map lock exclusively.</summary>
    void vm_map_delete(ulong start, ulong end)
    {
        AssertExclusive("vm_map_delete");
        int i = LookupIndex(start, out bool found);
        if (found) i = vm_map_clip_start(i, start);
        while (i < Entries.Count && Entries[i].start < end)
        {
            vm_map_clip_end(i, end);
            var e = Entries[i];
            Vmspace.vm_pmap.pmap_remove(e.start, e.end);
            var obj = e.@object;
            if (obj is not null && obj.RefCount != 1 && obj.OneMapping &&
                obj.Type is ObjType.OBJT_DEFAULT or ObjType.OBJT_SWAP)
            {
                // Only this entry maps these pages: free them now (a sole reference frees all on deallocate).
                ulong first = Param.atop(e.offset), last = first + Param.atop(e.Size);
                obj.vm_object_page_remove(first, last);
                if (last >= obj.SizePages && first < obj.SizePages) obj.SizePages = first;
            }
            Entries.RemoveAt(i);
            size -= e.Size;
            obj?.vm_object_deallocate();
        }
    }

    /// <summary><c>vm_map_check_protection</c>: true when [start, end) is covered by entries without holes, start
    /// lies inside an entry, and every entry grants all of <paramref name="prot"/> (spec §2.5).
    /// No requirements: takes the map read lock.</summary>
    internal bool vm_map_check_protection(ulong start, ulong end, int prot)
    {
        using var _ = LockedShared();
        int i = LookupIndex(start, out bool found);
        if (!found) return false;
        while (start < end)
        {
            if (i >= Entries.Count) return false;
            var e = Entries[i];
            if (start < e.start) return false;          // no holes allowed
            if ((e.protection & prot) != prot) return false;
            start = e.end;
            i++;
        }
        return true;
    }
}
