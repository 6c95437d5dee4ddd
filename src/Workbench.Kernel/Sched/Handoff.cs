// Not in the C: how the interleaver hands the one running slot from an OS thread to another.
using System.Runtime.InteropServices;

namespace Workbench.Kernel.Sched;

/// <summary>A binary semaphore that hands the run from one OS thread to another (the interleaver runs one modelled
/// thread at a time, each on an OS thread of its own). Which kind is used changes only the speed, never what a run
/// does: the strategy alone chooses which modelled thread runs.
/// <list type="bullet">
/// <item>On Linux (x64, arm64), the <c>futex</c> system call directly: one wake and one wait per handoff, with every
/// OS thread of the interleaver kept on one core (<see cref="CpuPin"/>; with one core there is nothing to pin). A
/// handoff is then a context switch on that core, the cheapest an OS thread can have: waking a thread asleep on
/// another core costs more (on the 2-core machine of the README, a futex handoff between cores halved random
/// sampling), and SemaphoreSlim's spin on one core is up to 35 <c>sched_yield</c> calls, each of which that finds
/// another waiting thread takes the core from the thread just handed the run.</item>
/// <item>Elsewhere, or where a thread cannot be pinned: <see cref="SemaphoreSlim"/>, whose brief spin before
/// blocking pays when the threads run on different cores.</item>
/// </list></summary>
internal sealed unsafe class Handoff
{
    const int FUTEX_WAIT_PRIVATE = 128, FUTEX_WAKE_PRIVATE = 129;

    [DllImport("libc", EntryPoint = "syscall")]
    static extern long syscall_futex(long number, int* uaddr, int op, int val, nint timeout, nint uaddr2, int val3);

    static readonly long FutexNumber = FindFutex();

    /// <summary>True where the futex system call answers (Linux on x64 or arm64).</summary>
    internal static bool FutexAvailable => FutexNumber > 0;

    /// <summary>When set, the kind the interleavers created on this thread use (tests run one exploration both
    /// ways); otherwise futex where it answers and the threads can share one core.</summary>
    [ThreadStatic] internal static bool? UseFutexHere;

    /// <summary>The kind a new interleaver uses: futex (with its threads pinned to one core when there are several)
    /// or SemaphoreSlim.</summary>
    internal static bool Chosen => (UseFutexHere ?? true) && FutexAvailable && CpuPin.AllowedCores >= 1;

    static long FindFutex()
    {
        long number = !OperatingSystem.IsLinux() ? -1 : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 202,
            Architecture.Arm64 => 98,
            _ => -1,
        };
        if (number < 0) return -1;
        try
        {
            int word = 0;
            return syscall_futex(number, &word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0) == 0 ? number : -1; // nobody waits: 0 woken
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    readonly SemaphoreSlim? _sem;
    // The futex word (0 empty, 1 released) on the pinned heap: its address never moves, and it lives as long as the
    // handoff, which the threads that wait on it keep alive.
    readonly int[]? _word;

    internal Handoff(bool futex)
    {
        if (futex && FutexAvailable) _word = GC.AllocateArray<int>(1, pinned: true);
        else _sem = new SemaphoreSlim(0, 1);
    }

    internal bool IsFutex => _word is not null;

    /// <summary>Lets the waiting thread (or the next to wait) go on.</summary>
    public void Release()
    {
        if (_sem is not null) { _sem.Release(); return; }
        fixed (int* w = _word)
        {
            Volatile.Write(ref *w, 1);
            syscall_futex(FutexNumber, w, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
        }
    }

    /// <summary>Returns once released, and takes the release.</summary>
    public void Wait()
    {
        if (_sem is not null) { _sem.Wait(); return; }
        fixed (int* w = _word)
            while (Interlocked.Exchange(ref *w, 0) != 1)
                syscall_futex(FutexNumber, w, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0); // sleeps only while the word is 0
    }
}
