// What a simulated vkernel run did, counted by the vkernel itself (instrumented: it changes nothing). Host-side
// counters (TLB hits, walks, A/M updates) are on Machine.Counters.
namespace Workbench.Guest;

/// <summary>One guest address-space teardown (exit or exec): resident pages and the MADV_INVAL calls it cost.</summary>
public readonly record struct TeardownRecord(int Pid, bool Exec, int ResidentPages, int Invals, int TablePages);

/// <summary>Counters of a vkernel run.</summary>
public sealed class VkernelStats
{
    public int Spawned, Exited, Forks, Execs;
    /// <summary>Guest accesses attempted (each retried access counts once).</summary>
    public long Accesses;
    public long GuestSyscalls, TimerSignals, CtlRuns;
    /// <summary>Page faults the host reflected to the vkernel (vmspace_ctl returned with T_PAGEFLT).</summary>
    public long ReflectedFaults;
    /// <summary>Reflected faults the vkernel fixed by mapping a new page.</summary>
    public long PagesMapped;
    /// <summary>Reflected writes to a present read-only page (copy-on-write after fork) fixed by re-entering it writable.</summary>
    public long CowFaults;
    /// <summary>vmspace_mcontrol(MADV_INVAL) calls (pmap_inval_* and friends, spec §6.5).</summary>
    public long Invals;
    /// <summary>Pages zeroed before reuse, and the vkernel's stores into its memory (vptes and zeroing).</summary>
    public long PagesZeroed, Stores;
    /// <summary>M bits found when reading a vpte back after an INVAL (pmap_setro_pte / loadandclear).</summary>
    public long DirtyMerged;
    /// <summary>Every host system call the vkernel made, by C name.</summary>
    public SortedDictionary<string, long> HostCalls { get; } = new(StringComparer.Ordinal);
    /// <summary>Each guest address space torn down, in order.</summary>
    public List<TeardownRecord> Teardowns { get; } = new();

    public long HostCallTotal => HostCalls.Values.Sum();
}
