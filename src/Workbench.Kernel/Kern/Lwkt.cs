// Models lwkt_gettoken / lwkt_reltoken of sys/kern/lwkt_token.c and get_mplock / rel_mplock (a2ee730d) as the
// model's calls use them. Simplified: every call is atomic, so a token is never contended; each acquisition is
// recorded on the current call and "caller must hold" is checked with LwkToken.HeldBy.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    readonly List<LwkToken> _held = new();

    /// <summary><c>lwkt_gettoken</c>: acquire (recursively) and record the acquisition on the current call.</summary>
    internal void lwkt_gettoken(Lwp td, LwkToken tok)
    {
        Kassert.KKASSERT(tok.Holder is null || tok.Holder == td, $"lwkt_gettoken: {tok.Name} held by another thread in an atomic call");
        tok.Holder = td;
        tok.Depth++;
        Counters.TokensTaken++;
        CurrentCall?.Tokens.Add(tok.Name);
        _held.Add(tok);
    }

    /// <summary><c>lwkt_reltoken</c>.</summary>
    internal void lwkt_reltoken(Lwp td, LwkToken tok)
    {
        Kassert.KKASSERT(tok.HeldBy(td), $"lwkt_reltoken: {tok.Name} not held by {td}");
        if (--tok.Depth == 0) tok.Holder = null;
        _held.Remove(tok);
    }

    /// <summary><c>get_mplock()</c>: in this era the MP lock is the token mp_token (spec §1.1).</summary>
    internal void get_mplock(Lwp td) => lwkt_gettoken(td, mp_token);

    /// <summary><c>rel_mplock()</c>.</summary>
    internal void rel_mplock(Lwp td) => lwkt_reltoken(td, mp_token);

    /// <summary>Not in the C: a panic unwinding a call must not leave tokens held (a call that returns has released
    /// everything; the dispatch point asserts it).</summary>
    void ReleaseAllTokens()
    {
        foreach (var t in _held) { t.Depth = 0; t.Holder = null; }
        _held.Clear();
    }
}
