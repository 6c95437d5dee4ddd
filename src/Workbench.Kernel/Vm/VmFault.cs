// Models vm_fault / vm_map_lookup / vm_fault_object of sys/vm/vm_fault.c and sys/vm/vm_map.c (a2ee730d).
// NORMAL entries: simplified (no pager clustering, no prefault, no growstack retry (spec §3.4, B6); copy-on-write is
// a one-level private shadow object per entry; a page index at or beyond the first object's size fails with
// KERN_PROTECTION_FAILURE for every object type, as does one beyond the end of a backing file). VPAGETABLE entries: faithful walk of spec §4, see
// VmFault.Vpagetable.cs. Both: read faults always map read-only (the first write faults again), write faults map
// writable when the page belongs to the entry's own object.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_fault</c>: resolve a <paramref name="fault_type"/> (VM_PROT_READ or VM_PROT_WRITE; execute is
    /// READ, spec §4.1) access at <paramref name="va"/> and enter the page into this map's pmap. Returns KERN_SUCCESS,
    /// KERN_INVALID_ADDRESS (no entry), KERN_PROTECTION_FAILURE (entry lacks the access, or beyond the end of a
    /// file) or KERN_FAILURE (the virtual page-table walk failed). Statistics of the walk land in
    /// <see cref="Machine.LastWalk"/>. No requirements: takes the map read lock and upgrades it to allocate an object
    /// or a shadow. Blocks (page allocation, vnode pager I/O).</summary>
    internal int vm_fault(ulong va, int fault_type)
    {
        Machine.Counters.Faults++;
        Machine.LastWalk = default;
        va = Param.trunc_page(va);
        vm_map_lock_read();
        try
        {
        RetryLookup:
            var e = vm_map_lookup_entry(va);
            if (e is null) return Mman.KERN_INVALID_ADDRESS;
            if ((e.protection & fault_type) != fault_type) return Mman.KERN_PROTECTION_FAILURE;
            bool vpt = e.maptype == Mman.VM_MAPTYPE_VPAGETABLE;
            if (e.maptype != Mman.VM_MAPTYPE_NORMAL && !vpt) return Mman.KERN_FAILURE; // submaps: not modelled
            bool write = (fault_type & Mman.VM_PROT_WRITE) != 0;

            // vm_map_lookup: allocate the anonymous object, or take the private copy for a COW write. For
            // VPAGETABLE entries the lookup treats the access as a write when the entry is writable, which only
            // forces the shadow; the fault type itself does not change (spec §4.2, §8.11).
            bool lookupWrite = write || (vpt && (e.protection & Mman.VM_PROT_WRITE) != 0);
            if (e.@object is null || (lookupWrite && (e.eflags & VmMapEntry.MAP_ENTRY_NEEDS_COPY) != 0))
            {
                if (vm_map_lock_upgrade() != 0)
                {
                    vm_map_lock_read(); // the failed upgrade dropped the lock: relock and look up again
                    goto RetryLookup;
                }
                if (e.@object is null) vm_map_entry_allocate_object(e);
                else vm_map_entry_shadow(e);
            }
            ulong pindex = Param.atop(va - e.start + e.offset);   // object-relative (spec §4.2)
            // fc531fbc on: the faulting page is interlocked against a shared MADV_INVAL from before the walk until
            // after pmap_enter (VmMap.Interlock.cs).
            bool ilock = vpt && Machine.FaultInvalInterlock;
            if (ilock) vm_map_interlock(va, va + Param.PAGE_SIZE);
            try
            {
                if (vpt)
                {
                    // No shared quick path and no prefault for VPAGETABLE entries (spec §4.3).
                    int rv = vm_fault_vpagetable(e, ref pindex, e.master_pde, fault_type);
                    if (rv != Mman.KERN_SUCCESS) return rv;
                }
                return vm_fault_object(e, va, pindex, write);
            }
            finally
            {
                if (ilock) vm_map_deinterlock(va, va + Param.PAGE_SIZE);
            }
        }
        finally { vm_map_unlock(); }
    }

    /// <summary><c>vm_map_entry_shadow</c> (simplified <c>vm_object_shadow</c>): give a NEEDS_COPY entry a private
    /// OBJT_DEFAULT object backed by its current object; drop the read-only translations of the backing pages.
    /// Caller holds the map lock exclusively.</summary>
    void vm_map_entry_shadow(VmMapEntry e)
    {
        AssertExclusive("vm_map_entry_shadow");
        Machine.MayBlock("vm_fault: vm_object_shadow");
        var shadow = VmObject.vm_object_allocate(ObjType.OBJT_DEFAULT, Param.atop(e.Size));
        shadow.BackingObject = e.@object;            // the entry's reference moves to the shadow
        shadow.BackingOffsetPages = Param.atop(e.offset);
        e.@object = shadow;
        e.offset = 0;
        e.eflags &= ~VmMapEntry.MAP_ENTRY_NEEDS_COPY;
        Vmspace.vm_pmap.pmap_remove(e.start, e.end);
    }

    /// <summary><c>vm_fault_object</c>: find or create page <paramref name="pindex"/> of the entry's object and
    /// <c>pmap_enter</c> it at <paramref name="va"/>, writable only for a write fault on the entry's own page (a
    /// read fault always installs a read-only translation; for VPAGETABLE entries that is the 2012 rule of spec
    /// §4.5). Caller holds the map lock.</summary>
    int vm_fault_object(VmMapEntry e, ulong va, ulong pindex, bool write)
    {
        AssertLocked("vm_fault_object");
        int rv = vm_fault_page(e, pindex, write, out _, out var holder, out ulong hpindex);
        if (rv != Mman.KERN_SUCCESS) return rv;
        bool writable = write && holder == e.@object;
        Vmspace.vm_pmap.pmap_enter(va, holder, hpindex, writable);
        return Mman.KERN_SUCCESS;
    }

    /// <summary>The page-finding half of <c>vm_fault_object</c>: page <paramref name="pindex"/> of the entry's
    /// object, looked up through a shadow's backing object, zero-filled (anonymous) or read from the file when not
    /// resident; for a write, a page found in the backing object is copied into the shadow first. Returns
    /// KERN_SUCCESS, or KERN_PROTECTION_FAILURE beyond the end of a file (the pager's error). Caller holds the map
    /// lock. Blocks when the page must be allocated or read.</summary>
    int vm_fault_page(VmMapEntry e, ulong pindex, bool write, out byte[] page, out VmObject holder, out ulong hpindex)
    {
        AssertLocked("vm_fault_page");
        var obj = e.@object!;
        var found = obj.vm_page_lookup_chain(pindex, out var h, out hpindex);
        if (found is null)
        {
            // Not resident anywhere. vm_fault_object fails an index at or beyond the size of the object it would
            // allocate in (the first object; for a pager-backed one, the pager's object), whatever its type: an
            // anonymous VPAGETABLE mapping whose walk yields a frame past the object's end is reflected. Device
            // objects are left out only because the model does not size them: dev_pager_alloc grows the object to
            // cover every mapping, so the check never fails for an access inside one.
            if (pindex >= obj.SizePages && obj.Type != ObjType.OBJT_DEVICE)
            {
                page = null!; holder = null!;
                return Mman.KERN_PROTECTION_FAILURE;
            }
            // The object that holds the data decides (vnode: within the file, else zero-fill).
            var first = obj.BackingObject ?? obj;
            ulong fpindex = obj.BackingObject is null ? pindex : pindex + obj.BackingOffsetPages;
            if (first.Type == ObjType.OBJT_VNODE && fpindex >= first.SizePages)
            {
                page = null!; holder = null!;
                return Mman.KERN_PROTECTION_FAILURE;     // beyond EOF: SIGBUS
            }
            Machine.MayBlock(first.Type == ObjType.OBJT_VNODE ? "vm_fault: vnode_pager_getpages" : "vm_fault: vm_page_alloc");
            found = first.vm_page_alloc_zero(fpindex);
            h = first;
            hpindex = fpindex;
        }
        if (write && h != obj)
        {
            // Copy-on-write: the page lives in the backing object; copy it into the entry's private object.
            Machine.MayBlock("vm_fault: vm_page_alloc (cow copy)");
            var copy = obj.vm_page_alloc_zero(pindex);
            found.CopyTo(copy, 0);
            found = copy;
            h = obj;
            hpindex = pindex;
        }
        page = found;
        holder = h!;
        return Mman.KERN_SUCCESS;
    }
}
