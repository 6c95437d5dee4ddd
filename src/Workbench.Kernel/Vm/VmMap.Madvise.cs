// Models vm_map_madvise and vm_map_inherit of sys/vm/vm_map.c (a2ee730d). Faithful for the map-modifying group
// (clip, apply, simplify; INVAL on any maptype; SETMAP only on VPAGETABLE, EINVAL but continue otherwise; gaps
// skipped). Simplified object group: DONTNEED and FREE change nothing observable (no paging queues and the model
// never reclaims pages); WILLNEED pre-enters read-only translations of already-resident pages (pmap_object_init_pt).
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_map_madvise</c>: apply MADV_* <paramref name="behav"/> to [start, end). Returns 0 or EINVAL
    /// (spec §2.6). No requirements: takes the map lock, exclusively for the map-modifying group (bumping
    /// timestamp) and shared for WILLNEED/DONTNEED/FREE.</summary>
    internal int vm_map_madvise(ulong start, ulong end, int behav, long value)
    {
        if (behav == Mman.MADV_INVAL && Machine.MadvInvalShared)
            return madvise_inval_shared(start, end); // 76f1911e on (VmMap.Interlock.cs)
        switch (behav)
        {
            case Mman.MADV_NORMAL: case Mman.MADV_SEQUENTIAL: case Mman.MADV_RANDOM:
            case Mman.MADV_NOSYNC: case Mman.MADV_AUTOSYNC: case Mman.MADV_NOCORE: case Mman.MADV_CORE:
            case Mman.MADV_INVAL: case Mman.MADV_SETMAP:
                {
                    using var _ = LockedExclusive();
                    VM_MAP_RANGE_CHECK(ref start, ref end);
                    return madvise_modify_map(start, end, behav, value);
                }
            case Mman.MADV_WILLNEED: case Mman.MADV_DONTNEED: case Mman.MADV_FREE:
                {
                    using var _ = LockedShared();
                    VM_MAP_RANGE_CHECK(ref start, ref end);
                    madvise_objects(start, end, behav);
                    return 0;
                }
            default:
                return Errno.EINVAL;
        }
    }

    /// <summary>The map-modifying half of vm_map_madvise. Caller holds the map lock exclusively.</summary>
    int madvise_modify_map(ulong start, ulong end, int behav, long value)
    {
        AssertExclusive("vm_map_madvise");
        int error = 0;
        int i = LookupIndex(start, out bool found);
        if (found) i = vm_map_clip_start(i, start);      // else: start is in a gap, begin with the next entry
        for (; i < Entries.Count && Entries[i].start < end; i++)
        {
            var cur = Entries[i];
            if (cur.maptype == Mman.VM_MAPTYPE_SUBMAP) continue;
            vm_map_clip_end(i, end);
            switch (behav)
            {
                case Mman.MADV_NORMAL: SetBehavior(cur, VmMapEntry.MAP_ENTRY_BEHAV_NORMAL, behav); break;
                case Mman.MADV_SEQUENTIAL: SetBehavior(cur, VmMapEntry.MAP_ENTRY_BEHAV_SEQUENTIAL, behav); break;
                case Mman.MADV_RANDOM: SetBehavior(cur, VmMapEntry.MAP_ENTRY_BEHAV_RANDOM, behav); break;
                case Mman.MADV_NOSYNC: cur.eflags |= VmMapEntry.MAP_ENTRY_NOSYNC; break;
                case Mman.MADV_AUTOSYNC: cur.eflags &= ~VmMapEntry.MAP_ENTRY_NOSYNC; break;
                case Mman.MADV_NOCORE: cur.eflags |= VmMapEntry.MAP_ENTRY_NOCOREDUMP; break;
                case Mman.MADV_CORE: cur.eflags &= ~VmMapEntry.MAP_ENTRY_NOCOREDUMP; break;
                case Mman.MADV_INVAL:
                    // Whatever the maptype: drop the hardware PTEs so later accesses fault (and re-walk).
                    Vmspace.vm_pmap.pmap_remove(cur.start, cur.end);
                    break;
                case Mman.MADV_SETMAP:
                    if (cur.maptype == Mman.VM_MAPTYPE_VPAGETABLE)
                    {
                        cur.master_pde = (ulong)value;       // unvalidated (spec §2.6)
                        Vmspace.vm_pmap.pmap_remove(cur.start, cur.end);
                    }
                    else
                    {
                        error = Errno.EINVAL;                // and carry on with the remaining entries
                    }
                    break;
            }
            // XXX (kernel comment): the merge ignores master_pde, so a partial SETMAP can spread to the whole
            // original entry while only this piece was flushed (spec §7 B2).
            i = vm_map_simplify_entry_at(i);
        }
        return error;
    }

    static void SetBehavior(VmMapEntry e, int bits, int madv)
    {
        e.eflags = (e.eflags & ~VmMapEntry.MAP_ENTRY_BEHAV_MASK) | bits;
        e.behavior = madv;
    }

    /// <summary>The object half of vm_map_madvise: only NORMAL entries, no clipping. Caller holds the map lock.</summary>
    void madvise_objects(ulong start, ulong end, int behav)
    {
        AssertLocked("vm_map_madvise");
        int i = LookupIndex(start, out _);
        for (; i < Entries.Count && Entries[i].start < end; i++)
        {
            var cur = Entries[i];
            if (cur.maptype != Mman.VM_MAPTYPE_NORMAL) continue;
            ulong s = Math.Max(cur.start, start), e = Math.Min(cur.end, end);
            if (e <= s || behav != Mman.MADV_WILLNEED || cur.@object is not { } obj) continue;
            // pmap_object_init_pt: pre-enter translations for resident pages, read-only (a write still faults).
            if ((cur.protection & Mman.VM_PROT_READ) == 0) continue;
            ulong pbase = Param.atop(cur.offset) + Param.atop(s - cur.start);
            foreach (var pi in obj.Pages.Keys.Where(k => k >= pbase && k < pbase + Param.atop(e - s)).OrderBy(k => k).ToList())
            {
                ulong va = cur.start + Param.ptoa(pi - Param.atop(cur.offset));
                if (!Vmspace.vm_pmap.pmap_extract(va, out _))    // pmap_enter_quick skips mapped pages
                    Vmspace.vm_pmap.pmap_enter(va, obj, pi, false);
            }
        }
    }

    /// <summary><c>vm_map_inherit</c>: set the inheritance of [start, end), clipping and simplifying.
    /// KERN_INVALID_ARGUMENT for an unknown value, else KERN_SUCCESS. No requirements: takes the map lock.</summary>
    internal int vm_map_inherit(ulong start, ulong end, int inheritance)
    {
        if (inheritance is not (Mman.VM_INHERIT_NONE or Mman.VM_INHERIT_COPY or Mman.VM_INHERIT_SHARE))
            return Mman.KERN_INVALID_ARGUMENT;
        using var _ = LockedExclusive();
        VM_MAP_RANGE_CHECK(ref start, ref end);
        int i = LookupIndex(start, out bool found);
        if (found) i = vm_map_clip_start(i, start);
        for (; i < Entries.Count && Entries[i].start < end; i++)
        {
            vm_map_clip_end(i, end);
            Entries[i].inheritance = inheritance;
            i = vm_map_simplify_entry_at(i);
        }
        return Mman.KERN_SUCCESS;
    }
}
