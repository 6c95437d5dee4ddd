// Models syscall2 (sys/platform/pc64/x86_64/trap.c, a2ee730d): the one place every system call enters the model.
// Also the per-call bookkeeping the model adds: tokens taken and blocking points passed (instrumented).
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary>What one system call did besides its result: tokens in acquisition order, blocking points, kernel messages.</summary>
public sealed class CallRecord
{
    internal CallRecord(Lwp td, SyscallRequest req, long seq, long tick) { Thread = td; Request = req; Seq = seq; Tick = tick; }

    public Lwp Thread { get; }
    public SyscallRequest Request { get; }
    public long Seq { get; }
    public long Tick { get; }
    public SysResult Result { get; internal set; }
    /// <summary>Tokens taken, in order ("mp_token", "vkernel").</summary>
    public List<string> Tokens { get; } = new();
    /// <summary>Points where the real kernel could have blocked ("kmalloc M_WAITOK").</summary>
    public List<string> Blocks { get; } = new();
    /// <summary>kprintf output during the call.</summary>
    public List<string> Messages { get; } = new();
}

/// <summary>Sees every system call at the dispatch point. Observers must not change model state.</summary>
public interface ISyscallObserver
{
    void OnEnter(Machine m, CallRecord call);
    void OnExit(Machine m, CallRecord call);
}
