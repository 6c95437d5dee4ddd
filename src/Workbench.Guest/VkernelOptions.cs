// The knobs of a simulated vkernel run. Everything that can vary between runs is here, seed included.
namespace Workbench.Guest;

/// <summary>Options of a <see cref="Vkernel"/>: machine shape (CPUs, RAM) and the guest workload.</summary>
public sealed record VkernelOptions
{
    /// <summary>Seed of the vkernel's own random source (workload shapes, CPU interleaving). Recorded by callers.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Vkernel CPUs: LWPs of the vkernel process, each looping on vmspace_ctl (spec §6.4).</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>Guest RAM: the size of the memory-image file (guest "physical" memory).</summary>
    public ulong RamBytes { get; init; } = 64UL << 20;

    /// <summary>Guest processes to run (each forked by guest init, exec'd, run, exited).</summary>
    public int Processes { get; init; } = 100;

    /// <summary>Guest processes alive at once besides init.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Working-set size of a guest process, in pages, drawn uniformly from [Min, Max].</summary>
    public int WorkingSetMin { get; init; } = 4;
    public int WorkingSetMax { get; init; } = 24;

    /// <summary>Passes over its working set a guest process makes before it exits (the first one faults).</summary>
    public int Passes { get; init; } = 8;

    /// <summary>A guest system call every this many accesses (one vmspace_ctl return each, spec §6.3).</summary>
    public int SyscallEvery { get; init; } = 64;

    /// <summary>Guest events a CPU runs before its timer (SIGIO) preempts the process (spec §6.4).</summary>
    public int Quantum { get; init; } = 200;

    /// <summary>Pages of guest init's own data it rewrites between forks (copy-on-write faults after each fork).</summary>
    public int InitPages { get; init; } = 4;
}
