// Models syscall2 (sys/platform/pc64/x86_64/trap.c, a2ee730d): the one dispatch point every system call, guest
// event and user access of the model passes. It looks the call up in sysent, hands the twin its typed *_args
// struct, and stamps the call record (instrumented). Every call runs atomically in this version: tokens and
// blocking points are recorded, not contended.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vkernel;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    readonly List<ISyscallObserver> _observers = new();
    long _seq;

    /// <summary>The call being executed, or null between calls.</summary>
    public CallRecord? CurrentCall { get; internal set; }

    /// <summary>The last call or event that finished, with everything the model stamped on it.</summary>
    public CallRecord? LastCall { get; private set; }

    /// <summary>Attaches an observer to the dispatch point.</summary>
    public void Attach(ISyscallObserver o) => _observers.Add(o);

    public void Detach(ISyscallObserver o) => _observers.Remove(o);

    /// <summary>Not in the C: runs one row of the table on <paramref name="td"/>, by its kind: a system call
    /// (<see cref="Syscall"/>), a guest event (<see cref="GuestEvent"/>) or a user access (<see cref="UserEvent"/>).</summary>
    public SysResult Enter(Lwp td, in SyscallRequest req) => req.Entry.Kind switch
    {
        CallKind.Guest => GuestEvent(td, req),
        CallKind.User => UserEvent(td, req),
        _ => Syscall(td, req),
    };

    /// <summary>Not in the C: <see cref="Enter(Lwp, in SyscallRequest)"/> from a typed <c>*_args</c> struct.</summary>
    public SysResult Enter<T>(Lwp td, in T uap) where T : struct, ISyscallArgs<T> => Enter(td, Sysent.Encode(uap));

    /// <summary><c>syscall2</c>: runs one system call on <paramref name="td"/> and returns errno and value.
    /// Never throws for bad arguments; a <see cref="KernelPanicException"/> means a model invariant broke.</summary>
    public SysResult Syscall(Lwp td, in SyscallRequest req)
    {
        var sysent = req.Entry;
        Kassert.KKASSERT(sysent.Kind == CallKind.Syscall, $"syscall2: {sysent.Name} is not a system call");
        Kassert.KKASSERT(!td.Exited, $"syscall2: {td} has exited");
        Kassert.KKASSERT(CurrentCall is null, "syscall2: nested system call");
        Kassert.KKASSERT(!td.InVmspace, $"syscall2: {td} is running emulated code; its syscalls go to the vkernel");
        Counters.Syscalls++;
        return Run(td, req, sysent, observed: true);
    }

    /// <summary>What every call goes through: a call record, the observers before and after (user accesses are not
    /// observed: they are not kernel entries), the twin via sysent. A call that returns must have released every token
    /// it took (asserted); a panic unwinding releases them so the machine's tokens stay consistent.</summary>
    SysResult Run(Lwp td, in SyscallRequest req, SysentEntry sysent, bool observed)
    {
        var call = new CallRecord(td, req, sysent, ++_seq, ++Tick);
        StampEntry(call, td);
        CurrentCall = call;
        if (observed)
            foreach (var o in _observers) o.OnEnter(this, call);
        try
        {
            call.Result = call.Sysent.sy_call(this, td, req);
            Kassert.KKASSERT(td.td_toks.Count == 0, $"syscall2: {sysent.Name} returned holding {td.td_toks[0].Tok.Name}");
            StampExit(call, td);
        }
        catch (KernelPanicException)
        {
            ReleaseAllTokens(td);
            throw;
        }
        finally
        {
            CurrentCall = null;
            LastCall = call;
        }
        if (observed)
            foreach (var o in _observers) o.OnExit(this, call);
        return call.Result;
    }

    /// <summary>The stamps read at entry: the caller's vkernel and its tree size, the counters the exit stamps
    /// difference against, and for a guest event the entry its thread runs in.</summary>
    void StampEntry(CallRecord call, Lwp td)
    {
        var vkp = td.lwp_proc.p_vkernel;
        call.Vkernel = vkp;
        call.TreeSize = vkp?.root.Count ?? 0;
        call.Compares0 = TreeStats.Compares;
        call.Rotations0 = TreeStats.Rotations;
        call.Descents0 = TreeStats.Finds + TreeStats.Inserts;
        call.Faults0 = Counters.Faults;
        if (call.Sysent.Kind == CallKind.Guest && td.lwp_vkernel?.ve is { } ve)
        {
            call.Ve = ve;
            call.RefsBefore = ve.refs;
        }
    }

    void StampExit(CallRecord call, Lwp td)
    {
        if (td.lwp_proc.p_vkernel is { } vkp) call.Vkernel = vkp;
        call.Compares = (int)(TreeStats.Compares - call.Compares0);
        call.Rotations = (int)(TreeStats.Rotations - call.Rotations0);
        call.Depth = TreeStats.Finds + TreeStats.Inserts > call.Descents0 ? TreeStats.LastDepth : 0;
        call.Faults = (int)(Counters.Faults - call.Faults0);
        if (call.Ve is { } ve)
        {
            call.RefsAfter = ve.refs;
            call.MapEntries = ve.vmspace?.vm_map.nentries ?? 0;
            call.ResidentPages = ve.vmspace?.vm_pmap.ResidentCount ?? 0;
        }
    }

    /// <summary>Not in the C: stamps the vmspace_entry the current call resolved, with <c>ve-&gt;refs</c> as it is
    /// now (null for an entry the call itself <paramref name="created"/>). The first entry a call resolves wins.</summary>
    internal void StampVe(VmspaceEntry ve, bool created = false)
    {
        if (CurrentCall is not { Ve: null } call) return;
        call.Ve = ve;
        call.RefsBefore = created ? null : ve.refs;
    }

    /// <summary>Marks a point where the real kernel may block (and lose its tokens), by a stable name. Each point is
    /// marked once, where it can block (an allocation, a lock, a fault, an I/O). Run sequentially nothing interleaves
    /// here; under a scheduler it is a switch point: if another thread is run, this one slept and gave up its tokens
    /// (<paramref name="obj"/>: what the sleep is about, for the explorer's footprints; 0 for nothing shared).</summary>
    internal void MayBlock(string where, long obj = 0)
    {
        RecordBlock(where);
        Sched?.Block(where, obj);
    }

    /// <summary>Records a blocking point on the current call without switching (a lock acquisition switches in
    /// <see cref="Sched.Interleaver.BeforeLock"/> instead).</summary>
    internal void RecordBlock(string where)
    {
        Counters.BlockingPoints++;
        CurrentCall?.Blocks.Add(where);
    }
}
