// Observability beside the model: cumulative counters every layer bumps (instrumented: they count, change nothing).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

/// <summary>Cumulative counters. Instrumented: they count, they change nothing.</summary>
public sealed class KernelCounters
{
    public long Syscalls;
    public long TokensTaken;
    public long BlockingPoints;
    public long Faults;
    public long PmapEnters;
    public long PmapRemoves;
    public long MapLocksExclusive;
    public long Copyin;
    public long Copyout;
    public long Kprintf;

    // The guest fault path (Kern/GuestEvents.cs, Vm/VmFault.Vpagetable.cs).
    /// <summary>Guest memory accesses (guest_access), whether they hit the pmap or not.</summary>
    public long GuestAccesses;
    /// <summary>Guest accesses the pmap translated without a fault (a TLB hit on real hardware).</summary>
    public long TlbHits;
    /// <summary>Guest page faults the host resolved itself (vm_fault succeeded; the vkernel never saw them).</summary>
    public long FaultsResolved;
    /// <summary>Guest page faults reflected to the vkernel as T_PAGEFLT through vkernel_trap.</summary>
    public long FaultsReflected;
    /// <summary>Signals delivered while an LWP ran emulated code (postsig, trapno 0).</summary>
    public long GuestSignals;
    /// <summary>Walks of a virtual page table (vm_fault_vpagetable calls).</summary>
    public long VpagetableWalks;
    /// <summary>vptes read from table pages by those walks (one per level).</summary>
    public long VpteReads;
    /// <summary>vptes that a read fault gave VPTE_A.</summary>
    public long VpteAUpdates;
    /// <summary>vptes that a write fault gave VPTE_M|VPTE_A.</summary>
    public long VpteMUpdates;
    /// <summary>User-mode loads and stores of the vkernel into its own memory (poke/peek), hits or not.</summary>
    public long UserAccesses;

    public KernelCounters Snapshot() => (KernelCounters)MemberwiseClone();
}
