// Not in the C: the machine's only random source, seeded and portable (no ambient randomness in the model).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

/// <summary>SplitMix64: a small, seeded, portable generator (the same sequence on every platform and runtime).</summary>
public sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound).</summary>
    public ulong Below(ulong bound) => bound == 0 ? 0 : Next() % bound;
}
