// Models struct vmspace (sys/vm/vm_map.h, a2ee730d): a map, its pmap and the process image layout. Simplified.
namespace Workbench.Kernel.Vm;

/// <summary><c>struct vmspace</c>: an address space (map + pmap) and the text/data layout vm_map_hint reads.</summary>
/// <remarks>
/// <c>vm_refcnt</c> life cycle (the 2011 sysref count):
/// 1. 1 from vmspace_alloc (or vmspace_fork), owned by the process or the vmspace_entry that asked for it;
/// 2. +1 by whoever else holds the vmspace (the model's callers; pmap_setlwpvm takes none, spec §1.3);
/// 3. -1 in vmspace_free;
/// 4. at 0 the pmap and the whole map are torn down and <see cref="Freed"/> is set.
/// </remarks>
public sealed partial class VmSpace
{
    internal VmSpace(Machine machine, ulong min, ulong max)
    {
        Machine = machine;
        Id = machine.NextVmspaceId++;
        vm_pmap = new Pmap(machine);
        vm_map = new VmMap(this, min, max);
    }

    /// <summary>The machine this address space belongs to (counters, tokens, sysctls).</summary>
    internal Machine Machine { get; }

    /// <summary>A stable small number for display ("vmspace#3").</summary>
    public int Id { get; }

    public VmMap vm_map { get; }
    public Pmap vm_pmap { get; }

    /// <summary><c>vm_refcnt</c> (the sysref count in 2011): holders of the vmspace. Scales max_proc_mmap (spec §9 q9: assumed 1).</summary>
    public int vm_refcnt { get; internal set; } = 1;

    /// <summary><c>vm_taddr</c>, <c>vm_daddr</c>: the process image layout read by vm_map_hint (zero for a vkernel vmspace).</summary>
    public ulong vm_taddr { get; internal set; }
    public ulong vm_daddr { get; internal set; }

    /// <summary>True once vmspace_free dropped the last reference.</summary>
    public bool Freed { get; internal set; }

    public override string ToString() => $"vmspace#{Id}";
}
