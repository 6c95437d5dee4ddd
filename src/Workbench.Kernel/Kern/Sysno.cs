// Models sys/kern/syscalls.master (DragonFly a2ee730d): the system call numbers this model answers, plus the guest
// and user events that are not system calls but reach the model through the same table.
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
