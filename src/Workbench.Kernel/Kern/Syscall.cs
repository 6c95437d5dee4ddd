// Models the syscall entry of sys/platform/pc64/x86_64/trap.c (syscall2) as one dispatch point, and the numbers of
// sys/kern/syscalls.master (a2ee730d). Every call the model runs passes here, so observers see each one once.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Kern;

/// <summary>System call numbers (syscalls.master, spec §2). <c>lwp_exit</c> stands for extexit(EXTEXIT_LWP).</summary>
public enum Sysno
{
    exit = 1, fork = 2, open = 5, close = 6, execve = 59, munmap = 73, madvise = 75, mmap = 197,
    ftruncate = 201, __sysctl = 202, extexit_lwp = 494, lwp_create = 495,
    mcontrol = 485, vmspace_create = 486, vmspace_destroy = 487, vmspace_ctl = 488, vmspace_mmap = 489,
    vmspace_munmap = 490, vmspace_mcontrol = 491, vmspace_pread = 492, vmspace_pwrite = 493,

    /// <summary>Guest event, not a system call: the emulated context on the thread traps back (vkernel_trap).</summary>
    guest_trap = 100001,
    /// <summary>Guest event: the emulated context loads or stores at an address (a TLB hit, a fault the host
    /// resolves, or a page fault reflected to the vkernel).</summary>
    guest_access = 100002,
    /// <summary>Guest event: a signal reaches the process while the thread runs emulated code (postsig, trapno 0).</summary>
    guest_signal = 100003,
    /// <summary>User event, not a system call: the vkernel stores a 64-bit word into its own memory.</summary>
    poke = 100004,
    /// <summary>User event, not a system call: the vkernel loads a 64-bit word from its own memory.</summary>
    peek = 100005,
}

/// <summary>One system call as it reaches <c>syscall2</c>: number, up to seven integer arguments, and a path string
/// (the model reads paths directly instead of copying them in from user memory; simplified).</summary>
public readonly struct SyscallRequest
{
    public SyscallRequest(Sysno no, long a0 = 0, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0, long a6 = 0, string? str = null)
    {
        No = no; A0 = a0; A1 = a1; A2 = a2; A3 = a3; A4 = a4; A5 = a5; A6 = a6; Str = str;
    }

    public Sysno No { get; }
    public long A0 { get; }
    public long A1 { get; }
    public long A2 { get; }
    public long A3 { get; }
    public long A4 { get; }
    public long A5 { get; }
    public long A6 { get; }
    public string? Str { get; }

    public long Arg(int i) => i switch { 0 => A0, 1 => A1, 2 => A2, 3 => A3, 4 => A4, 5 => A5, 6 => A6, _ => 0 };

    /// <summary>The C name ("vmspace_create", "lwp_exit", "sysctl").</summary>
    public string Name => SyscallNames.Of(No);
}

/// <summary>The result <c>syscall2</c> hands back: an errno (0, a positive errno, or EJUSTRETURN) and the value
/// placed in <c>sysmsg_result</c>/<c>sysmsg_resultp</c> on success.</summary>
public readonly record struct SysResult(int Error, long Value)
{
    public bool Ok => Error == 0;
    public static SysResult Err(int e) => new(e, -1);
    public static SysResult Val(long v) => new(0, v);

    /// <summary>strace-style text: "0x1000", "-1 EEXIST (File exists)" or "? EJUSTRETURN".</summary>
    public string Format(bool hex = false) => Error switch
    {
        0 => hex ? $"0x{Value:x}" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Errno.EJUSTRETURN => "EJUSTRETURN",
        _ => $"-1 {Errno.Name(Error)} ({Errno.Message(Error)})",
    };
}

/// <summary>C names of the calls.</summary>
public static class SyscallNames
{
    public static string Of(Sysno no) => no switch
    {
        Sysno.extexit_lwp => "lwp_exit",
        Sysno.__sysctl => "sysctl",
        _ => no.ToString(),
    };
}
