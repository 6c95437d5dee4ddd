// Models vm_fault / vm_map_lookup / vm_fault_object of sys/vm/vm_fault.c and sys/vm/vm_map.c (a2ee730d) for
// VM_MAPTYPE_NORMAL entries. Simplified: no pager clustering, no prefault, no growstack retry (spec §3.4, B6),
// copy-on-write is a one-level private shadow object per entry; read faults always map read-only (the first write
// faults again), write faults map writable; only vnode objects bound the page index (beyond EOF:
// KERN_PROTECTION_FAILURE), anonymous objects grow as touched.
// VM_MAPTYPE_VPAGETABLE: the virtual page-table walk of spec §4 is the next piece of work, so such faults
// currently fail definitely with KERN_FAILURE (the host would deliver T_PAGEFLT to the vkernel).
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_fault</c>: resolve a <paramref name="fault_type"/> (VM_PROT_READ or VM_PROT_WRITE) access at
    /// <paramref name="va"/> and enter the page into this map's pmap. Returns KERN_SUCCESS,
    /// KERN_INVALID_ADDRESS (no entry), KERN_PROTECTION_FAILURE (entry lacks the access, or beyond the end of a
    /// file) or KERN_FAILURE (VPAGETABLE entries, see the file header). No requirements: takes the map read lock
    /// and upgrades it to allocate an object or a shadow. Blocks (page allocation, vnode pager I/O).</summary>
    internal int vm_fault(ulong va, int fault_type)
    {
        Machine.Counters.Faults++;
        va = Param.trunc_page(va);
        vm_map_lock_read();
        try
        {
            var e = vm_map_lookup_entry(va);
            if (e is null) return Mman.KERN_INVALID_ADDRESS;
            if ((e.protection & fault_type) != fault_type) return Mman.KERN_PROTECTION_FAILURE;
            if (e.maptype != Mman.VM_MAPTYPE_NORMAL) return Mman.KERN_FAILURE;
            bool write = (fault_type & Mman.VM_PROT_WRITE) != 0;

            // vm_map_lookup: allocate the anonymous object, or take the private copy for a COW write.
            if (e.@object is null || (write && (e.eflags & VmMapEntry.MAP_ENTRY_NEEDS_COPY) != 0))
            {
                vm_map_lock_upgrade();
                if (e.@object is null) vm_map_entry_allocate_object(e);
                else vm_map_entry_shadow(e);
            }
            return vm_fault_object(e, va, write);
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

    /// <summary><c>vm_fault_object</c>: find or create the page and <c>pmap_enter</c> it. Caller holds the map lock.</summary>
    int vm_fault_object(VmMapEntry e, ulong va, bool write)
    {
        var obj = e.@object!;
        ulong pindex = Param.atop(va - e.start + e.offset);
        var page = obj.vm_page_lookup_chain(pindex, out var holder, out ulong hpindex);
        if (page is null)
        {
            // Not resident anywhere: the first object decides (vnode: within the file, else zero-fill).
            var first = obj.BackingObject ?? obj;
            ulong fpindex = obj.BackingObject is null ? pindex : pindex + obj.BackingOffsetPages;
            if (first.Type == ObjType.OBJT_VNODE && fpindex >= first.SizePages)
                return Mman.KERN_PROTECTION_FAILURE;     // beyond EOF: SIGBUS
            Machine.MayBlock(first.Type == ObjType.OBJT_VNODE ? "vm_fault: vnode_pager_getpages" : "vm_fault: vm_page_alloc");
            page = first.vm_page_alloc_zero(fpindex);
            holder = first;
            hpindex = fpindex;
        }
        if (write && holder != obj)
        {
            // Copy-on-write: the page lives in the backing object; copy it into the entry's private object.
            Machine.MayBlock("vm_fault: vm_page_alloc (cow copy)");
            var copy = obj.vm_page_alloc_zero(pindex);
            page.CopyTo(copy, 0);
            holder = obj;
            hpindex = pindex;
        }
        bool writable = write && holder == obj;
        Vmspace.vm_pmap.pmap_enter(va, holder!, hpindex, writable);
        return Mman.KERN_SUCCESS;
    }
}
