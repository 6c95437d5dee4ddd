// Models vm_map_lookup_entry, vm_map_insert, vm_map_find and vm_map_findspace of sys/vm/vm_map.c (a2ee730d).
// Faithful for the range checks, first-fit search and anonymous coalescing (incl. quirk B3: master_pde ignored);
// simplified: sorted list instead of RB tree + hint/first_free, no entry reserves, no prefault, no ucred charge.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    // cow flags of vm_map_insert (sys/vm/vm_map.h @ a2ee730d).
    public const int MAP_COPY_ON_WRITE = 0x0002, MAP_NOFAULT = 0x0004, MAP_PREFAULT = 0x0008;
    public const int MAP_PREFAULT_PARTIAL = 0x0010, MAP_DISABLE_SYNCER = 0x0020, MAP_IS_STACK = 0x0040;
    public const int MAP_DISABLE_COREDUMP = 0x0100, MAP_PREFAULT_MADVISE = 0x0200;

    /// <summary>Index of the entry containing <paramref name="addr"/> (found = true), or else the index of the first
    /// entry that starts above it (may be Count). Caller holds the map lock (or is the model's census).</summary>
    int LookupIndex(ulong addr, out bool found)
    {
        int lo = 0, hi = Entries.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var e = Entries[mid];
            if (addr < e.start) hi = mid - 1;
            else if (addr >= e.end) lo = mid + 1;
            else { found = true; return mid; }
        }
        found = false;
        return lo;
    }

    /// <summary><c>vm_map_lookup_entry</c>: the entry containing <paramref name="addr"/>, or null.
    /// No requirements (a read of the map; the model's calls are atomic).</summary>
    public VmMapEntry? vm_map_lookup_entry(ulong addr)
    {
        int i = LookupIndex(addr, out bool found);
        return found ? Entries[i] : null;
    }

    /// <summary><c>vm_map_insert</c>: map [start, end) of <paramref name="obj"/> at <paramref name="offset"/>.
    /// Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (outside the map or empty) or KERN_NO_SPACE (overlap) (spec §2.4.2
    /// item 10). No requirements: takes the map lock exclusively.</summary>
    internal int vm_map_insert(VmObject? obj, ulong offset, ulong start, ulong end, int maptype, int prot, int max, int cow)
    {
        using var _ = LockedExclusive();
        return vm_map_insert_locked(obj, offset, start, end, maptype, prot, max, cow);
    }

    /// <summary>The body of <c>vm_map_insert</c>. Caller holds the map lock exclusively. On success the map holds the
    /// caller's reference on <paramref name="obj"/>; on failure the caller keeps it.</summary>
    int vm_map_insert_locked(VmObject? obj, ulong offset, ulong start, ulong end, int maptype, int prot, int max, int cow)
    {
        AssertExclusive("vm_map_insert");
        if (start < min_offset || end > max_offset || start >= end)
            return Mman.KERN_INVALID_ADDRESS;
        int next = LookupIndex(start, out bool found);
        if (found) return Mman.KERN_NO_SPACE;
        if (next < Entries.Count && Entries[next].start < end) return Mman.KERN_NO_SPACE;

        int protoeflags = 0;
        if ((cow & MAP_COPY_ON_WRITE) != 0) protoeflags |= VmMapEntry.MAP_ENTRY_COW | VmMapEntry.MAP_ENTRY_NEEDS_COPY;
        if ((cow & MAP_NOFAULT) != 0) protoeflags |= VmMapEntry.MAP_ENTRY_NOFAULT;
        if ((cow & MAP_DISABLE_SYNCER) != 0) protoeflags |= VmMapEntry.MAP_ENTRY_NOSYNC;
        if ((cow & MAP_DISABLE_COREDUMP) != 0) protoeflags |= VmMapEntry.MAP_ENTRY_NOCOREDUMP;
        if ((cow & MAP_IS_STACK) != 0) protoeflags |= VmMapEntry.MAP_ENTRY_STACK;

        // An object that may be shared with another mapping loses OBJ_ONEMAPPING (unmapping must not free its pages).
        if (obj is not null && obj.RefCount > 1) obj.OneMapping = false;

        var prev = next > 0 ? Entries[next - 1] : null;
        if (obj is null && prev is not null && prev.end == start && prev.wired_count == 0 && prev.maptype == maptype &&
            (prev.@object is null || prev.@object.Type is ObjType.OBJT_DEFAULT or ObjType.OBJT_SWAP) &&
            prev.eflags == protoeflags &&
            ((cow & MAP_NOFAULT) != 0 ||
             VmObject.vm_object_coalesce(prev.@object, Param.atop(prev.offset), prev.Size, end - prev.end)))
        {
            // Anonymous coalescing (spec §2.4.2 item 11). NOTE quirk B3: aux.master_pde is not compared, so a
            // VPAGETABLE request merges into its neighbour and inherits the neighbour's master_pde.
            if (prev.inheritance == Mman.VM_INHERIT_DEFAULT && prev.protection == prot && prev.max_protection == max)
            {
                size += end - prev.end;
                prev.end = end;
                vm_map_simplify_entry(prev);
                return Mman.KERN_SUCCESS;
            }
            // The object can be extended but the entry cannot: a new entry shares the extended object.
            obj = prev.@object;
            offset = prev.offset + prev.Size;
            obj?.vm_object_reference();
        }

        var e = new VmMapEntry
        {
            start = start, end = end, maptype = maptype, @object = obj, offset = offset,
            eflags = protoeflags, protection = prot, max_protection = max,
            inheritance = Mman.VM_INHERIT_DEFAULT, wired_count = 0, master_pde = 0,
        };
        Entries.Insert(next, e);
        size += e.Size;
        return Mman.KERN_SUCCESS;
    }

    /// <summary><c>vm_map_find</c>: with <paramref name="fitit"/>, first-fit search from <paramref name="addr"/>
    /// (failure → KERN_NO_SPACE), then insert at the result. No requirements: takes the map lock exclusively.</summary>
    internal int vm_map_find(VmObject? obj, ulong offset, ref ulong addr, ulong length, ulong align, bool fitit,
        int maptype, int prot, int max, int cow)
    {
        using var _ = LockedExclusive();
        ulong start = addr;
        if (fitit)
        {
            if (!vm_map_findspace_locked(start, length, align, 0, out addr))
                return Mman.KERN_NO_SPACE;
            start = addr;
        }
        return vm_map_insert_locked(obj, offset, start, start + length, maptype, prot, max, cow);
    }

    /// <summary><c>vm_map_findspace</c>: the lowest address ≥ max(start, min) where <paramref name="length"/> bytes
    /// fit, aligned to <paramref name="align"/>. First-fit upward only, never wraps below the hint (spec §2.4.3).
    /// Returns true and the address when found (the C function returns 0 then). No requirements: takes the read lock.</summary>
    internal bool vm_map_findspace(ulong start, ulong length, ulong align, int flags, out ulong addr)
    {
        using var _ = LockedShared();
        return vm_map_findspace_locked(start, length, align, flags, out addr);
    }

    bool vm_map_findspace_locked(ulong start, ulong length, ulong align, int flags, out ulong addr)
    {
        AssertLocked("vm_map_findspace");
        addr = 0;
        if (align == 0) align = Param.PAGE_SIZE;
        if (start < min_offset) start = min_offset;
        if (start > max_offset) return false;
        bool pow2 = (align & (align - 1)) == 0;

        // If something is already at start, begin after it.
        int i = LookupIndex(start, out bool found);
        if (found) { start = Entries[i].end; i++; }
        for (; ; )
        {
            ulong aligned = pow2 ? (start + align - 1) & ~(align - 1) : (start + align - 1) / align * align;
            if (aligned < start) return false;
            start = aligned;
            ulong end = start + length;
            if (end > max_offset || end < start) return false;
            if (i >= Entries.Count) break;
            var nx = Entries[i];
            if (nx.start >= end)
            {
                // Do not intrude on a stack's reserved growth area (avail_ssize shares storage with master_pde).
                if ((nx.eflags & VmMapEntry.MAP_ENTRY_STACK) == 0) break;
                if ((flags & Mman.MAP_STACK) != 0) break;
                if (nx.start - nx.master_pde >= end) break;
            }
            start = nx.end;
            i++;
        }
        addr = start;
        return true;
    }
}
