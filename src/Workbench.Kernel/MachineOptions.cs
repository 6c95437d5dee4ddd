// Not in the C: the options of a simulated machine, everything that can vary between runs (recorded by callers).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

/// <summary>Options of a new machine. Everything that can vary between runs is here and recorded by callers.</summary>
public sealed record MachineOptions
{
    /// <summary>Seed of the machine's only random source (vm.randomize_mmap). Recorded in every trace.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary><c>vm.vkernel_enable</c> at boot (kernel default 0, spec §5.4).</summary>
    public int VkernelEnable { get; init; }

    /// <summary>The kernel design: the seed (a2ee730d, 2011-12; the default) or a later one (<see cref="Vkernel.Designs.KernelDesign.All"/>).</summary>
    public Vkernel.Designs.KernelDesign Kernel { get; init; } = Vkernel.Designs.KernelDesign.Seed;
}
