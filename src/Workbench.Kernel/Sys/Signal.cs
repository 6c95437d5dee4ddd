// Models sys/sys/signal.h signal numbers (DragonFly a2ee730d, the BSD numbering). Faithful.
namespace Workbench.Kernel.Sys;

/// <summary>Signal numbers. The vkernel uses SIGIO (kqueue timers and I/O), SIGUSR1 (IPIs between its CPUs),
/// SIGXCPU (stop a CPU) and SIGALRM (spec §6.4).</summary>
public static class Sig
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGEMT = 7, SIGFPE = 8;
    public const int SIGKILL = 9, SIGBUS = 10, SIGSEGV = 11, SIGSYS = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15;
    public const int SIGURG = 16, SIGSTOP = 17, SIGTSTP = 18, SIGCONT = 19, SIGCHLD = 20, SIGTTIN = 21, SIGTTOU = 22;
    public const int SIGIO = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGINFO = 29;
    public const int SIGUSR1 = 30, SIGUSR2 = 31;

    /// <summary>NSIG: signal numbers are 1 to NSIG - 1 (_SIG_MAXSIG is larger in DragonFly, but these are all named).</summary>
    public const int NSIG = 32;
}
