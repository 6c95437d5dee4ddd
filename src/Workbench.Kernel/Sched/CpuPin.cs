// Not in the C: keeps the OS threads of one interleaver on one core (Linux), where handing the run between them is
// cheapest (see Handoff). Only the speed depends on it, never a run's result.
using System.Runtime.InteropServices;

namespace Workbench.Kernel.Sched;

/// <summary>CPU affinity of the calling OS thread (<c>sched_setaffinity</c>), and which core each interleaver uses:
/// the allowed core the fewest interleavers use now (the caller's own core on a tie), so that explorations run side
/// by side (Races.Matrix) land on different cores.</summary>
internal static unsafe class CpuPin
{
    const int MaskBytes = 128; // glibc's cpu_set_t: 1024 CPUs

    [DllImport("libc", EntryPoint = "sched_setaffinity")]
    static extern int sched_setaffinity(int pid, nint size, byte* mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity")]
    static extern int sched_getaffinity(int pid, nint size, byte* mask);

    [DllImport("libc", EntryPoint = "sched_getcpu")]
    static extern int sched_getcpu();

    static readonly int[] Users = new int[MaskBytes * 8];
    static readonly object Gate = new();

    /// <summary>The cores this process may run on (the affinity mask of the thread that first asks, normally the
    /// process's), or 0 where the calls do not answer (not Linux). Not <see cref="Environment.ProcessorCount"/>:
    /// a CPU quota lowers that (a container limited to one CPU of two) while the threads still run on either core.</summary>
    internal static int AllowedCores { get; } = CountAllowed();

    /// <summary>True on Linux with more than one allowed core, where the calls answer.</summary>
    internal static bool Available => AllowedCores > 1;

    static int CountAllowed()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try { return Get() is { } mask && sched_getcpu() >= 0 ? mask.Sum(b => System.Numerics.BitOperations.PopCount(b)) : 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return 0; }
    }

    /// <summary>The calling thread's affinity mask, or null.</summary>
    internal static byte[]? Get()
    {
        var mask = new byte[MaskBytes];
        fixed (byte* p = mask) return sched_getaffinity(0, MaskBytes, p) == 0 ? mask : null;
    }

    /// <summary>Sets the calling thread's affinity mask; false if the system refused it (the thread then runs where
    /// it ran: slower handoffs, the same run).</summary>
    internal static bool Set(byte[] mask)
    {
        fixed (byte* p = mask) return sched_setaffinity(0, MaskBytes, p) == 0;
    }

    /// <summary>The mask of the single core <paramref name="cpu"/>.</summary>
    internal static byte[] One(int cpu)
    {
        var mask = new byte[MaskBytes];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        return mask;
    }

    static bool Allowed(byte[] mask, int cpu) => (mask[cpu / 8] & (1 << (cpu % 8))) != 0;

    /// <summary>The core a new interleaver's threads share, counted until <see cref="Leave"/>; -1 if none can be had.</summary>
    internal static int Choose()
    {
        if (!Available || Get() is not { } allowed) return -1;
        int here = sched_getcpu();
        lock (Gate)
        {
            int best = Pick(allowed, here, Users);
            if (best >= 0) Users[best]++;
            return best;
        }
    }

    /// <summary>Of the cores in <paramref name="allowed"/>, the one with the fewest <paramref name="users"/>; on a tie
    /// <paramref name="here"/> (the caller's core: no move), else the lowest.</summary>
    internal static int Pick(byte[] allowed, int here, int[] users)
    {
        int best = here >= 0 && here < users.Length && Allowed(allowed, here) ? here : -1;
        for (int c = 0; c < users.Length; c++)
            if (Allowed(allowed, c) && (best < 0 || users[c] < users[best])) best = c;
        return best;
    }

    internal static void Leave(int cpu)
    {
        lock (Gate) Users[cpu]--;
    }
}
