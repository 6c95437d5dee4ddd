// Observability beside the model: the incremental invariant checker, for replays and the fuzzer that check after
// every event. Instrumented: reads the model, changes nothing. Same rules and sentences as Invariants.Check.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Vkernel;

namespace Workbench.Kernel.Observe;

/// <summary>
/// Not in the C: checks, after each call, only the objects the call could have changed, as the dispatch point stamped
/// them on <see cref="Machine.LastCall"/>: the calling process and its LWPs, processes and LWPs created by the call
/// (ids above the previous high-water mark), the caller's vkernel_proc (<see cref="CallRecord.Vkernel"/>: the one it has after the call, or had before it when the call dropped it)
/// with the red-black path of the entry the call resolved (<see cref="CallRecord.Ve"/>), that entry and the entries
/// the checked LWPs run in. Cost: O(procs + LWPs + log² tree + the touched maps), independent of how many vmspaces
/// exist. Every rule broken in a touched object is reported after that call, exactly as <see cref="Invariants.Check"/>
/// words it; as a safety net the full check also runs once the events since the last full check reach four times the
/// objects it visited (amortised O(1) per event) and at <see cref="Finish"/>. Not thread-safe: one checker per machine.
/// </summary>
public sealed class InvariantChecker
{
    static readonly string[] None = [];
    readonly Machine _m;
    readonly List<string> _bad = new();
    readonly List<VmspaceEntry> _entriesChecked = new(); // this call's, so that each is checked once
    readonly bool _fullEveryCall;
    int _nextId;
    long _since, _nextFull;

    /// <summary>A checker for <paramref name="m"/>; call <see cref="AfterCall"/> after each of its calls. With
    /// <paramref name="fullEveryCall"/> every call gets the full check instead (the O(state) reference).</summary>
    public InvariantChecker(Machine m, bool periodicFullCheck = true, bool fullEveryCall = false)
    {
        _m = m;
        _fullEveryCall = fullEveryCall;
        _nextId = m.NextId;
        Periodic = periodicFullCheck;
        _nextFull = MinPeriod;
    }

    const long MinPeriod = 64;
    /// <summary>The full check runs after this many events per object it visited last time: a quarter of an object
    /// visit per event, amortised.</summary>
    const long PeriodFactor = 4;

    /// <summary>Whether the full check also runs every so often (amortised); tests turn it off to see the
    /// incremental part alone.</summary>
    public bool Periodic { get; }

    /// <summary>How many full checks ran.</summary>
    public long FullChecks { get; private set; }

    /// <summary>The violations after the last call (<see cref="Machine.LastCall"/>), empty when all hold.</summary>
    public IReadOnlyList<string> AfterCall()
    {
        if (_fullEveryCall) return Full();
        _bad.Clear();
        _entriesChecked.Clear();
        CheckTouched(_bad);
        if (_bad.Count == 0 && Periodic && ++_since >= _nextFull) return Full();
        return _bad.Count == 0 ? None : _bad.Distinct().ToArray();
    }

    /// <summary>The full check (<see cref="Invariants.Check"/>), run at the end of a replay or fuzz program.</summary>
    public IReadOnlyList<string> Finish() => Full();

    IReadOnlyList<string> Full()
    {
        var bad = Invariants.Check(_m);
        FullChecks++;
        _since = 0;
        var c = Census.Take(_m);
        _nextFull = Math.Max(MinPeriod, PeriodFactor * ((long)c.Procs + c.Lwps + c.Vmspaces + c.MapEntries + c.ResidentPages));
        _nextId = _m.NextId;
        return bad;
    }

    void CheckTouched(List<string> bad)
    {
        var m = _m;
        Invariants.CheckGlobals(m, bad);
        int first = _nextId;
        _nextId = m.NextId;
        if (m.LastCall is not { } call) return;
        var caller = call.Thread.lwp_proc;
        CheckProcAndLwps(caller, bad);
        for (int id = first; id < _nextId; id++)
        {
            if (m.Procs.TryGetValue(id, out var born) && born != caller) CheckProcAndLwps(born, bad);
            else if (m.FindLwp(id) is { } lp && lp.lwp_proc != caller) CheckLwpAndEntry(lp, bad);
        }
        if (call.Vkernel is { } vkp) CheckVkernelAndEntry(vkp, call.Ve, bad);
        Invariants.CheckCensus(m, bad);
    }

    void CheckProcAndLwps(Proc p, List<string> bad)
    {
        if (!_m.Procs.TryGetValue(p.p_pid, out var listed) || listed != p) return;
        Invariants.CheckProc(p, bad);
        foreach (var lp in p.p_lwp_tree.Values) CheckLwpAndEntry(lp, bad);
    }

    void CheckLwpAndEntry(Lwp lp, List<string> bad)
    {
        // Only the process's own tree is searched: an entry on another tree is "not in its process's vkernel tree"
        // for the full check too.
        var ve = lp.lwp_vkernel?.ve;
        var tree = ve is not null && lp.lwp_proc.p_vkernel is { } own && own.root.Contains(ve) ? own : null;
        Invariants.CheckLwp(lp, tree, bad);
        if (tree is not null) CheckEntryOnce(ve!, bad);
    }

    /// <summary>An attached vkernel: its refs and token, the red-black path the call's entry took (the root alone
    /// without one), and the entry itself when it is still on the tree.</summary>
    void CheckVkernelAndEntry(VkernelProc vkp, VmspaceEntry? ve, List<string> bad)
    {
        int procs = 0;
        foreach (var p in _m.Procs.Values) if (p.p_vkernel == vkp) procs++;
        if (procs == 0) return; // detached: the full check does not look at it either
        Invariants.CheckVkernel(vkp, procs, bad);
        if (!vkp.root.ValidatePath(ve?.id ?? 0, out var why))
            bad.Add($"vkernel#{vkp.Id} tree is not a valid red-black tree: {why}");
        if (ve is not null && vkp.root.Contains(ve)) CheckEntryOnce(ve, bad);
    }

    void CheckEntryOnce(VmspaceEntry ve, List<string> bad)
    {
        if (_entriesChecked.Contains(ve)) return;
        _entriesChecked.Add(ve);
        Invariants.CheckEntry(_m, ve, Users(ve), bad);
    }

    int Users(VmspaceEntry ve)
    {
        int n = 0;
        foreach (var lp in _m.Lwps.Values) if (lp.lwp_vkernel?.ve == ve) n++;
        return n;
    }
}
