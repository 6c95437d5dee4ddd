// Models vm_map_clip_start, vm_map_clip_end, vm_map_simplify_entry and vm_map_entry_allocate_object of
// sys/vm/vm_map.c (a2ee730d). Faithful: clipping copies every field (maptype and aux.master_pde included) and
// advances the offset; clip_start simplifies first; simplify does not compare master_pde (spec §2.6, quirk B2).
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_map_entry_allocate_object</c>: give an anonymous entry its OBJT_DEFAULT object (offset 0).
    /// Caller holds the map lock exclusively.</summary>
    void vm_map_entry_allocate_object(VmMapEntry e)
    {
        AssertExclusive("vm_map_entry_allocate_object");
        e.@object = VmObject.vm_object_allocate(ObjType.OBJT_DEFAULT, Param.atop(e.Size));
        e.offset = 0;
    }

    /// <summary><c>vm_map_clip_start</c>: split the entry at <paramref name="idx"/> so that it starts at
    /// <paramref name="startaddr"/>; the front piece becomes a new entry before it. Returns the (possibly moved)
    /// index of the entry that now starts at startaddr. Caller holds the map lock exclusively.</summary>
    int vm_map_clip_start(int idx, ulong startaddr)
    {
        AssertExclusive("vm_map_clip_start");
        var e = Entries[idx];
        if (startaddr <= e.start) return idx;
        // The kernel simplifies first so that clipping does not fragment the map needlessly.
        idx = vm_map_simplify_entry_at(idx);
        e = Entries[idx];
        if (startaddr <= e.start) return idx;
        if (e.@object is null) vm_map_entry_allocate_object(e);
        var front = e.Clone();
        front.end = startaddr;
        e.offset += startaddr - e.start;
        e.start = startaddr;
        Entries.Insert(idx, front);
        e.@object!.vm_object_reference();
        return idx + 1;
    }

    /// <summary><c>vm_map_clip_end</c>: split the entry at <paramref name="idx"/> so that it ends at
    /// <paramref name="endaddr"/>; the tail becomes a new entry after it. Caller holds the map lock exclusively.</summary>
    void vm_map_clip_end(int idx, ulong endaddr)
    {
        AssertExclusive("vm_map_clip_end");
        var e = Entries[idx];
        if (endaddr >= e.end) return;
        if (e.@object is null) vm_map_entry_allocate_object(e);
        var tail = e.Clone();
        tail.start = endaddr;
        tail.offset += endaddr - e.start;
        e.end = endaddr;
        Entries.Insert(idx + 1, tail);
        e.@object!.vm_object_reference();
    }

    /// <summary><c>vm_map_simplify_entry</c> on an entry object. Caller holds the map lock exclusively.</summary>
    void vm_map_simplify_entry(VmMapEntry e)
    {
        AssertExclusive("vm_map_simplify_entry");
        vm_map_simplify_entry_at(Entries.IndexOf(e));
    }

    /// <summary><c>vm_map_simplify_entry</c>: merge the entry at <paramref name="idx"/> with a compatible previous
    /// and then next neighbour. The entry itself survives and absorbs them, so it keeps its own master_pde
    /// (spec §9 q8: decided so, following the C, which unlinks prev/next and widens the current entry).
    /// Returns the entry's new index. Caller holds the map lock exclusively.</summary>
    int vm_map_simplify_entry_at(int idx)
    {
        AssertExclusive("vm_map_simplify_entry");
        Kassert.KKASSERT(idx >= 0 && idx < Entries.Count, "vm_map_simplify_entry: entry not in map");
        var e = Entries[idx];
        if (e.maptype == Mman.VM_MAPTYPE_SUBMAP || (e.eflags & VmMapEntry.MAP_ENTRY_IN_TRANSITION) != 0) return idx;
        if (idx > 0 && Mergeable(Entries[idx - 1], e))
        {
            var prev = Entries[idx - 1];
            Entries.RemoveAt(idx - 1);
            idx--;
            e.start = prev.start;
            e.offset = prev.offset;
            prev.@object?.vm_object_deallocate();
        }
        if (idx + 1 < Entries.Count && Mergeable(e, Entries[idx + 1]))
        {
            var next = Entries[idx + 1];
            Entries.RemoveAt(idx + 1);
            e.end = next.end;
            next.@object?.vm_object_deallocate();
        }
        return idx;
    }

    /// <summary>The simplify test: adjacency, object and offset contiguity, eflags, protection, max_protection,
    /// inheritance, wired_count and maptype. NOTE: aux.master_pde is deliberately NOT compared (spec §2.6, B2).</summary>
    static bool Mergeable(VmMapEntry a, VmMapEntry b) =>
        a.end == b.start &&
        a.maptype == b.maptype &&
        a.@object == b.@object &&
        (a.@object is null || a.offset + a.Size == b.offset) &&
        a.eflags == b.eflags &&
        a.protection == b.protection &&
        a.max_protection == b.max_protection &&
        a.inheritance == b.inheritance &&
        a.wired_count == b.wired_count;
}
