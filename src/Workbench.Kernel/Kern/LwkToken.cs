// Models struct lwkt_token of sys/kern/lwkt_token.c (a2ee730d): a recursive token that serialises threads only while
// the holder runs; a holder that blocks loses all its tokens and gets them back, in order, before it resumes
// (spec §1.1). Shared acquisition (lwkt_gettoken_shared) exists from 2013 on; the seed only takes tokens exclusively.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct lwkt_token</c>: a recursive, serialising-while-running token (spec §1.1).</summary>
public sealed class LwkToken(string name, long schedId = 0)
{
    /// <summary>The token's name as the kernel spells it ("mp_token", "vkernel").</summary>
    public string Name { get; } = name;

    /// <summary>Not in the C: the token's identity for the schedule explorer's footprints (stable across runs).</summary>
    internal long SchedId { get; } = schedId;

    // Guarded by: the model's one running thread (the scheduler runs one modelled thread at a time).
    internal Lwp? Holder;           // exclusive holder
    internal int Depth;             // exclusive recursion depth
    internal List<Lwp>? Sharers; // one element per shared acquisition; allocated at the first (2013 designs on)

    /// <summary>True while <paramref name="td"/> holds this token (exclusively or shared).</summary>
    public bool HeldBy(Lwp td) => (Holder == td && Depth > 0) || (Sharers?.Contains(td) ?? false);

    /// <summary>Not in the C: whether <paramref name="td"/> could take the token now without waiting.</summary>
    internal bool AvailableTo(Lwp td, bool shared)
    {
        if (Holder is not null && Holder != td) return false;
        if (shared || Sharers is null) return true;
        foreach (var s in Sharers) if (s != td) return false; // no closure: this runs on every acquisition
        return true;
    }

    internal void Take(Lwp td, bool shared)
    {
        if (shared) { (Sharers ??= new()).Add(td); return; }
        Holder = td;
        Depth++;
    }

    internal void Drop(Lwp td, bool shared)
    {
        if (shared) { Sharers!.Remove(td); return; }
        if (--Depth == 0) Holder = null;
    }

    public override string ToString() => Name;
}

/// <summary>Not in the C as a type: one entry of a thread's held-token array (<c>td_toks_array</c>): the token and
/// whether it was taken shared.</summary>
internal readonly record struct TokRef(LwkToken Tok, bool Shared);
