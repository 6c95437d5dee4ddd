// Models the per-entry loop of vmspace_fork and vm_map_copy_entry (sys/vm/vm_map.c, a2ee730d). Faithful for
// SHARE (shadow a NEEDS_COPY entry first, clear OBJ_ONEMAPPING) and NONE, and for COPY of vnode/device objects
// (both sides COW|NEEDS_COPY, the parent write-protected). Simplified COPY of anonymous objects: see VmSpace.Ops.cs.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary>Copies this map's entries into the empty <paramref name="child"/> map by inheritance.
    /// No requirements: takes this map's lock exclusively (the child is private to the caller).</summary>
    internal void vm_map_fork_into(VmMap child)
    {
        Kassert.KKASSERT(child.Entries.Count == 0, "vmspace_fork: child map not empty");
        using var _ = LockedExclusive();
        foreach (var old in Entries)
        {
            if (old.maptype == Mman.VM_MAPTYPE_SUBMAP)
                Kassert.panic("vmspace_fork: encountered a submap");
            switch (old.inheritance)
            {
                case Mman.VM_INHERIT_NONE:
                    continue;
                case Mman.VM_INHERIT_SHARE:
                    {
                        if (old.@object is null) vm_map_entry_allocate_object(old);
                        // A private mapping not yet written gets its shadow now, so both share the copy.
                        else if ((old.eflags & VmMapEntry.MAP_ENTRY_NEEDS_COPY) != 0) vm_map_entry_shadow(old);
                        var obj = old.@object!;
                        obj.OneMapping = false;
                        obj.vm_object_reference();
                        var ne = old.Clone();
                        ne.wired_count = 0;
                        ne.eflags &= ~VmMapEntry.MAP_ENTRY_USER_WIRED;
                        child.Entries.Add(ne);
                        break;
                    }
                case Mman.VM_INHERIT_COPY:
                    {
                        var ne = old.Clone();
                        ne.wired_count = 0;
                        ne.eflags &= ~VmMapEntry.MAP_ENTRY_USER_WIRED;
                        ne.@object = CopyForChild(old, ne);
                        child.Entries.Add(ne);
                        break;
                    }
                default:
                    Kassert.panic($"vmspace_fork: bad inheritance {old.inheritance}");
                    break;
            }
            child.size += old.Size;
        }
    }

    /// <summary>The object a COPY child entry gets. Anonymous (OBJT_DEFAULT) objects: a new object holding copies of
    /// the resident pages in the entry's range, sharing the parent's backing object if any (simplified: the kernel
    /// shares the object copy-on-write instead). Vnode/device objects: shared, with COW|NEEDS_COPY set on both
    /// entries so each side's first write takes a private copy.</summary>
    VmObject? CopyForChild(VmMapEntry old, VmMapEntry ne)
    {
        var obj = old.@object;
        if (obj is null) return null;
        Machine.MayBlock("vmspace_fork: vm_object_allocate");
        if (obj.Type is ObjType.OBJT_VNODE or ObjType.OBJT_DEVICE)
        {
            // vm_map_copy_entry: both sides become copy-on-write and the parent loses write access.
            obj.vm_object_reference();
            const int cow = VmMapEntry.MAP_ENTRY_COW | VmMapEntry.MAP_ENTRY_NEEDS_COPY;
            if ((old.eflags & VmMapEntry.MAP_ENTRY_NEEDS_COPY) == 0) Vmspace.vm_pmap.pmap_protect_ro(old.start, old.end);
            old.eflags |= cow;
            ne.eflags |= cow;
            return obj;
        }
        ulong first = Param.atop(old.offset), npages = Param.atop(old.Size);
        var copy = VmObject.vm_object_allocate(ObjType.OBJT_DEFAULT, npages);
        foreach (var (pi, pg) in obj.Pages)
            if (pi >= first && pi < first + npages)
                copy.Pages[pi - first] = (byte[])pg.Clone();
        if (obj.BackingObject is { } b)
        {
            b.vm_object_reference();
            copy.BackingObject = b;
            copy.BackingOffsetPages = obj.BackingOffsetPages + first;
        }
        ne.offset = 0;
        return copy;
    }
}
