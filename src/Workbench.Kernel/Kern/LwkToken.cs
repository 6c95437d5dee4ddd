// Models sys/kern/lwkt_token.c (a2ee730d): LWKT tokens, the only locks vm_vmspace.c takes.
// Simplified: each system call runs atomically, so a token is never contended; acquisitions are recorded
// per call (spec §1.1) and "holds" are checked so each function's locking line can be asserted.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct lwkt_token</c>: a recursive, serialising-while-running token (spec §1.1).</summary>
public sealed class LwkToken(string name)
{
    /// <summary>The token's name as the kernel spells it ("mp_token", "vkernel").</summary>
    public string Name { get; } = name;

    // Guarded by: the model's single simulated CPU (each call is atomic in this version).
    internal Lwp? Holder;
    internal int Depth;

    /// <summary>True while <paramref name="td"/> holds this token.</summary>
    public bool HeldBy(Lwp td) => Holder == td && Depth > 0;
}
