// The context switches of this process so far (getrusage: voluntary and involuntary, every thread), for `bench
// explore`: on one core each handoff between the interleaver's OS threads is one. Outside the model.
using System.Runtime.InteropServices;

namespace Workbench.Cli.Bench;

static class ContextSwitches
{
    const int RUSAGE_SELF = 0;

    [StructLayout(LayoutKind.Sequential)]
    struct Rusage   // struct rusage of sys/resource.h
    {
        public long ru_utime_sec, ru_utime_usec, ru_stime_sec, ru_stime_usec;
        public long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock;
        public long ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    static extern int getrusage(int who, out Rusage usage);

    /// <summary>Voluntary plus involuntary context switches of every thread of this process, or null off Linux.</summary>
    public static long? OfProcess()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        try { return getrusage(RUSAGE_SELF, out var u) == 0 ? u.ru_nvcsw + u.ru_nivcsw : null; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }
}
