// Models lwkt_gettoken / lwkt_gettoken_shared / lwkt_reltoken of sys/kern/lwkt_token.c and get_mplock / rel_mplock
// (a2ee730d). Each acquisition is recorded on the current call. Run sequentially, a call never finds a token held
// by another thread; run under a scheduler (Sched/Interleaver), each acquisition is a switch point: a thread that
// wants a token another running thread holds waits (and, like lwkt_switch, gives up all its own tokens meanwhile).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary><c>lwkt_gettoken</c>: acquire exclusively (recursively) and record the acquisition on the current call.</summary>
    internal void lwkt_gettoken(Lwp td, LwkToken tok) => GetToken(td, tok, shared: false);

    /// <summary><c>lwkt_gettoken_shared</c> (2013 on): acquire shared; exclusive holders exclude it.</summary>
    internal void lwkt_gettoken_shared(Lwp td, LwkToken tok) => GetToken(td, tok, shared: true);

    void GetToken(Lwp td, LwkToken tok, bool shared)
    {
        if (Sched is { } s)
            s.BeforeToken(td, tok, shared);
        else
            Kassert.KKASSERT(tok.AvailableTo(td, shared), $"lwkt_gettoken: {tok.Name} held by another thread in a sequential run");
        tok.Take(td, shared);
        Counters.TokensTaken++;
        CurrentCall?.Tokens.Add(tok.Name);
        td.td_toks.Add(new TokRef(tok, shared));
    }

    /// <summary><c>lwkt_reltoken</c>: releases the thread's most recent hold of <paramref name="tok"/>.</summary>
    internal void lwkt_reltoken(Lwp td, LwkToken tok)
    {
        var toks = td.td_toks;
        int i = toks.Count - 1;
        while (i >= 0 && toks[i].Tok != tok) i--; // the most recent hold (no closure: a hot path)
        Kassert.KKASSERT(i >= 0 && tok.HeldBy(td), $"lwkt_reltoken: {tok.Name} not held by {td}");
        var r = td.td_toks[i];
        td.td_toks.RemoveAt(i);
        tok.Drop(td, r.Shared);
        Sched?.Touched(tok.SchedId);
    }

    /// <summary><c>get_mplock()</c>: in this era the MP lock is the token mp_token (spec §1.1). Only vm_vmspace.c
    /// takes it in this model; from a86ce0cd (2013) it takes none, which the kernel design answers.</summary>
    internal void get_mplock(Lwp td)
    {
        if (MpLocked) lwkt_gettoken(td, mp_token);
    }

    /// <summary><c>rel_mplock()</c>.</summary>
    internal void rel_mplock(Lwp td)
    {
        if (MpLocked) lwkt_reltoken(td, mp_token);
    }

    /// <summary>Not in the C: a panic unwinding a call must not leave tokens held (a call that returns has released
    /// everything; the dispatch point asserts it).</summary>
    static void ReleaseAllTokens(Lwp td)
    {
        foreach (var r in td.td_toks) r.Tok.Drop(td, r.Shared);
        td.td_toks.Clear();
    }
}
