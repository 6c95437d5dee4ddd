// Not in the C: one modelled LWP's share of a concurrent run: the calls it makes, in order, and where it stands.
using Workbench.Kernel.Kern;

namespace Workbench.Kernel.Sched;

/// <summary>A modelled thread in a concurrent run: an LWP and the calls it makes one after another.</summary>
public sealed class ModelThread(Lwp lwp, IReadOnlyList<Action> calls)
{
    public Lwp Lwp { get; } = lwp;
    public int Tid => Lwp.lwp_tid;
    internal IReadOnlyList<Action> Calls { get; } = calls;

    // Where the thread stands (guarded by the interleaver: one modelled thread runs at a time).
    internal Worker? Worker;
    internal SwitchPoint Pending = new(SwitchKind.Entry, "start", 0);
    internal LwkToken? WantToken;
    internal bool WantShared, WantUpgrade;
    internal Lockmgr? WantLock;
    internal Func<bool>? WantReady; // a sleep until a condition holds (the VA-range interlock)
    internal Lockmgr.LockMode WantMode;
    internal bool Started, Done, Asleep, Aborting;
    internal CallRecord? SavedCall;

    /// <summary>True while the thread is switched out in the middle of a call (not between calls).</summary>
    public bool InCall => SavedCall is not null;

    /// <summary>True once the thread has run all its calls (or was unwound).</summary>
    public bool Finished => Done;

    public override string ToString() => $"thread {Tid} at {Pending}";
}

/// <summary>An OS thread that runs modelled threads, one at a time, when the interleaver hands it one. Reused across
/// runs; only the interleaver's choice decides which modelled thread runs.</summary>
internal sealed class Worker
{
    readonly Thread _os;
    internal readonly Handoff Go;
    readonly int _cpu; // the core it stays on, or -1
    internal ModelThread? Job;
    internal Interleaver? Owner;
    internal bool Exit;

    internal Worker(int n, bool futex, int cpu)
    {
        _cpu = cpu;
        Go = new Handoff(futex);
        _os = new Thread(Loop, 16 * 1024 * 1024) { IsBackground = true, Name = $"model-worker-{n}" };
        _os.Start();
    }

    void Loop()
    {
        if (_cpu >= 0) CpuPin.Set(CpuPin.One(_cpu));
        while (true)
        {
            Go.Wait();
            if (Exit) return;
            Owner!.RunThread(Job!);
        }
    }
}
