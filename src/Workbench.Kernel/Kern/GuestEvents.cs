// Guest events: what the emulated context on a thread inside a vmspace does that returns control to the vkernel.
// Models the trap()/syscall2()/postsig() intercepts of sys/platform/pc64/x86_64/trap.c and kern_sig.c (a2ee730d)
// that call vkernel_trap (spec §3.4). Simplified: the event names the trap; no instruction is emulated.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Kassert;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary>A guest event on <paramref name="td"/>, which must be running emulated code. Passes the same observers
    /// as system calls. The result is what the vkernel's pending vmspace_ctl returns: 0, or -1 EFAULT.</summary>
    public SysResult GuestEvent(Lwp td, in SyscallRequest ev)
    {
        KKASSERT(!td.Exited, $"guest event: {td} has exited");
        KKASSERT(CurrentCall is null, "guest event: inside a system call");
        KKASSERT(td.InVmspace, $"guest event: {td} is not running in a vmspace");
        var call = new CallRecord(td, ev, ++_seq, ++Tick);
        CurrentCall = call;
        foreach (var o in _observers) o.OnEnter(this, call);
        try
        {
            int error = ev.No switch
            {
                Sysno.guest_trap => guest_trap(td, (int)ev.A0),
                _ => throw panic($"guest event: {ev.No} is not a guest event"),
            };
            call.Result = error == 0 ? SysResult.Val(0) : SysResult.Err(error);
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

    /// <summary>The emulated context raises trap <paramref name="trapno"/>: a CPU exception that would signal
    /// (trap() intercept), T_DNA with FP_VIRTFP, a syscall instruction (T_FAST_SYSCALL / T_SYSCALL80, intercepted at
    /// syscall2 entry), or trapno 0 for a signal (postsig). In every case the host sets tf_trapno and calls
    /// vkernel_trap instead of delivering anything to the emulated context.</summary>
    int guest_trap(Lwp lp, int trapno)
    {
        lp.Frame[Trapframe.tf_trapno] = (ulong)trapno;
        return vkernel_trap(lp, lp.Frame);
    }
}
