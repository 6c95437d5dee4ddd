// Models vmspace_alloc, vmspace_free (sysref termination), vmspace_fork and pmap_pinit2 of sys/vm/vm_map.c and
// sys/platform/pc64/x86_64/pmap.c (a2ee730d). Simplified fork: COPY entries of an anonymous object get an eager
// private copy of its resident pages (no shared copy-on-write object, the parent is not write-protected); COPY
// entries of a vnode or device object are faithful (both sides copy-on-write), see VmMap.Fork.cs.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmSpace
{
    /// <summary><c>vmspace_alloc</c>: a new empty address space [min, max) with an empty pmap and vm_refcnt 1.
    /// No requirements. Blocks (kmalloc M_WAITOK, pmap_pinit).</summary>
    internal static VmSpace vmspace_alloc(Machine m, ulong min, ulong max)
    {
        m.MayBlock("vmspace_alloc");
        return new VmSpace(m, min, max);
    }

    /// <summary><c>pmap_pinit2</c>: put the pmap on the global pmap list. The model keeps no such list (nothing
    /// walks it); it only records that the step happened. No requirements.</summary>
    internal void pmap_pinit2() => vm_pmap.Pinit2Done = true;

    /// <summary><c>vmspace_free</c>: drop one vm_refcnt; the last drop tears the address space down
    /// (pmap_remove_pages + vm_map_remove over the whole map) and sets <see cref="Freed"/>.
    /// No requirements. Blocks (the teardown).</summary>
    internal void vmspace_free()
    {
        Kassert.KKASSERT(vm_refcnt > 0 && !Freed, $"vmspace_free: {this} already freed");
        if (--vm_refcnt > 0) return;
        vm_pmap.pmap_remove_pages(vm_map.min_offset, vm_map.max_offset);
        vm_map.vm_map_remove(vm_map.min_offset, vm_map.max_offset);
        Kassert.KKASSERT(vm_map.nentries == 0 && vm_pmap.ResidentCount == 0, "vmspace_free: teardown left mappings");
        Freed = true;
    }

    /// <summary><c>vmspace_fork</c>: a child address space built from this one's entries by inheritance:
    /// SHARE shares the object (allocating it first if needed), COPY gives a private copy, NONE skips.
    /// Copies vm_taddr/vm_daddr; the child's pmap is empty. No requirements: takes this map's lock exclusively.
    /// Blocks (vmspace_alloc, entry and object allocation).</summary>
    internal VmSpace vmspace_fork()
    {
        Kassert.KKASSERT(!Freed, "vmspace_fork: parent freed");
        var child = vmspace_alloc(Machine, vm_map.min_offset, vm_map.max_offset);
        child.vm_taddr = vm_taddr;
        child.vm_daddr = vm_daddr;
        vm_map.vm_map_fork_into(child.vm_map);
        return child;
    }
}
