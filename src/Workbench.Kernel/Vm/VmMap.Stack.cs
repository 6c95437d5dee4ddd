// Models vm_map_stack of sys/vm/vm_map.c (a2ee730d): a MAP_STACK mapping is placed exactly at the requested
// address (no first-fit search) and must have room for its whole maximum size. Simplified: vm_map_growstack is
// not modelled, so the whole [addrbos, addrbos + max_ssize) is mapped at once and avail_ssize (which shares
// storage with master_pde) stays 0, instead of mapping only the top sgrowsiz bytes and growing on faults.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_map_stack</c>: KERN_NO_SPACE when <paramref name="addrbos"/> is mapped or the next entry starts
    /// inside [addrbos, addrbos + max_ssize); otherwise vm_map_insert of a MAP_ENTRY_STACK entry.
    /// No requirements: takes the map lock exclusively.</summary>
    internal int vm_map_stack(ulong addrbos, ulong max_ssize, int prot, int max, int cow)
    {
        using var _ = LockedExclusive();
        if (addrbos < min_offset) return Mman.KERN_NO_SPACE;
        int next = LookupIndex(addrbos, out bool found);
        if (found) return Mman.KERN_NO_SPACE;
        if (next < Entries.Count && Entries[next].start < addrbos + max_ssize) return Mman.KERN_NO_SPACE;
        return vm_map_insert_locked(null, 0, addrbos, addrbos + max_ssize, Mman.VM_MAPTYPE_NORMAL, prot, max, cow | MAP_IS_STACK);
    }
}
