// Models syscall2 (sys/platform/pc64/x86_64/trap.c, a2ee730d): the dispatch point, LWKT token acquisition and
// blocking-point marks. Every call runs atomically in this version; tokens and blocks are recorded, not contended.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    readonly List<ISyscallObserver> _observers = new();
    long _seq;

    /// <summary>The call being executed, or null between calls.</summary>
    public CallRecord? CurrentCall { get; private set; }

    /// <summary>The last call or guest event that finished, with its tokens, blocking points and messages.</summary>
    public CallRecord? LastCall { get; private set; }

    /// <summary>Attaches an observer to the dispatch point.</summary>
    public void Attach(ISyscallObserver o) => _observers.Add(o);

    public void Detach(ISyscallObserver o) => _observers.Remove(o);

    /// <summary><c>syscall2</c>: runs one system call on <paramref name="td"/> and returns errno and value.
    /// Never throws for bad arguments; a <see cref="KernelPanicException"/> means a model invariant broke.</summary>
    public SysResult Syscall(Lwp td, in SyscallRequest req)
    {
        Kassert.KKASSERT(!td.Exited, $"syscall2: {td} has exited");
        Kassert.KKASSERT(CurrentCall is null, "syscall2: nested system call");
        Kassert.KKASSERT(!td.InVmspace, $"syscall2: {td} is running emulated code; its syscalls go to the vkernel");
        Counters.Syscalls++;
        return Run(td, req, guest: false);
    }

    /// <summary>What every system call and guest event goes through: a call record, the observers before and after,
    /// and no token left held however the call ends.</summary>
    SysResult Run(Lwp td, in SyscallRequest req, bool guest)
    {
        var call = new CallRecord(td, req, ++_seq, ++Tick);
        CurrentCall = call;
        foreach (var o in _observers) o.OnEnter(this, call);
        try
        {
            call.Result = guest ? DispatchGuest(td, req) : Dispatch(td, req);
        }
        finally
        {
            CurrentCall = null;
            LastCall = call;
            ReleaseAllTokens(td);
        }
        foreach (var o in _observers) o.OnExit(this, call);
        return call.Result;
    }

    SysResult Dispatch(Lwp td, in SyscallRequest a)
    {
        long rv = 0;
        int error = a.No switch
        {
            Sysno.vmspace_create => sys_vmspace_create(td, a),
            Sysno.vmspace_destroy => sys_vmspace_destroy(td, a),
            Sysno.vmspace_ctl => sys_vmspace_ctl(td, a),
            Sysno.vmspace_mmap => sys_vmspace_mmap(td, a, out rv),
            Sysno.vmspace_munmap => sys_vmspace_munmap(td, a),
            Sysno.vmspace_mcontrol => sys_vmspace_mcontrol(td, a),
            Sysno.vmspace_pread => sys_vmspace_pread(td, a),
            Sysno.vmspace_pwrite => sys_vmspace_pwrite(td, a),
            Sysno.mmap => VmMmap.sys_mmap(this, td, a, out rv),
            Sysno.munmap => VmMmap.sys_munmap(this, td, a),
            Sysno.madvise => VmMmap.sys_madvise(this, td, a),
            Sysno.mcontrol => VmMmap.sys_mcontrol(this, td, a),
            Sysno.open => sys_open(td, a, out rv),
            Sysno.close => sys_close(td, a),
            Sysno.ftruncate => sys_ftruncate(td, a),
            Sysno.fork => sys_fork(td, a, out rv),
            Sysno.execve => sys_execve(td, a),
            Sysno.exit => sys_exit(td, a),
            Sysno.lwp_create => sys_lwp_create(td, a, out rv),
            Sysno.extexit_lwp => sys_lwp_exit(td, a),
            Sysno.__sysctl => sys_sysctl(td, a, out rv),
            _ => Errno.ENOSYS,
        };
        return error == 0 ? SysResult.Val(rv) : SysResult.Err(error);
    }

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

    readonly List<LwkToken> _held = new();

    void ReleaseAllTokens(Lwp td)
    {
        // A call that returns normally has released everything; a panic unwinding must not leave tokens held.
        foreach (var t in _held) { t.Depth = 0; t.Holder = null; }
        _held.Clear();
    }

    /// <summary>Marks a point where the real kernel may block (and lose its tokens). Instrumented only: in this
    /// version every call is atomic, so nothing interleaves here; the marks say where later work could.</summary>
    internal void MayBlock(string where)
    {
        Counters.BlockingPoints++;
        CurrentCall?.Blocks.Add(where);
    }
}
