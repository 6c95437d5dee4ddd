// Parameters of the realistic vkernel workload (spec §6.6). Everything that changes a run is here.
namespace Workbench.Analysis.Workload;

/// <summary>
/// Sizes and mix of a <see cref="VkernelWorkload"/> run. The defaults are a small two-vkernel machine that runs in well
/// under a second. Probabilities are per scheduling step of a vkernel CPU that is in the vkernel (not running guest
/// code); a CPU running guest code always traps back. Immutable.
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>Seed of the machine and of every choice the workload makes.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>vkernel processes on the host.</summary>
    public int Vkernels { get; init; } = 2;

    /// <summary>vkernel "CPUs" per vkernel: LWPs of the vkernel process looping on vmspace_ctl(RUN) (spec §6.4).</summary>
    public int CpusPerVkernel { get; init; } = 2;

    /// <summary>Guest processes (one vmspace each) every vkernel creates at boot.</summary>
    public int GuestProcesses { get; init; } = 8;

    /// <summary>Most guest processes a vkernel keeps alive; guest fork/exec stops creating above it.</summary>
    public int MaxGuestProcesses { get; init; } = 32;

    /// <summary>Scheduling steps after boot. A step is one event of one CPU: a guest trap, a vmspace_ctl(RUN), an
    /// INVAL, or a guest fork/exec or exit (several calls). Rows per step are about 1.25 on the default mix.</summary>
    public int Steps { get; init; } = 10_000;

    /// <summary>Probability that an idle CPU enters guest code (vmspace_ctl RUN, go_user).</summary>
    public double RunWeight { get; init; } = 0.72;

    /// <summary>Probability of a background PTE invalidation (vmspace_mcontrol MADV_INVAL, pmap_inval_pte/pde).</summary>
    public double InvalWeight { get; init; } = 0.18;

    /// <summary>Probability of a guest fork/exec (cpu_vmspace_alloc: create, mmap, NOSYNC, SETMAP).</summary>
    public double SpawnWeight { get; init; } = 0.05;

    /// <summary>Probability of a guest process exit (INVAL burst per resident page, then vmspace_destroy).</summary>
    public double ExitWeight { get; init; } = 0.05;

    /// <summary>Exit every vkernel at the end, some with CPUs still inside a vmspace ("killed with active VC").</summary>
    public bool ExitAtEnd { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad parameter.</summary>
    public void Validate()
    {
        if (Vkernels < 1) throw new ArgumentOutOfRangeException(nameof(Vkernels), Vkernels, "at least one vkernel");
        if (CpusPerVkernel < 1) throw new ArgumentOutOfRangeException(nameof(CpusPerVkernel), CpusPerVkernel, "at least one CPU");
        if (GuestProcesses < 1) throw new ArgumentOutOfRangeException(nameof(GuestProcesses), GuestProcesses, "at least one guest process");
        if (MaxGuestProcesses < GuestProcesses)
            throw new ArgumentOutOfRangeException(nameof(MaxGuestProcesses), MaxGuestProcesses, "must be at least GuestProcesses");
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "must not be negative");
        double sum = RunWeight + InvalWeight + SpawnWeight + ExitWeight;
        if (RunWeight < 0 || InvalWeight < 0 || SpawnWeight < 0 || ExitWeight < 0 || sum <= 0)
            throw new ArgumentOutOfRangeException(nameof(RunWeight), sum, "weights must be non-negative with a positive sum");
    }
}
