// Not in the C: how a row of the system call table reaches the model.
namespace Workbench.Kernel.Kern;

/// <summary>Not in the C: whether a table row is a system call (syscall2), a guest event (the emulated context on a
/// thread inside a vmspace) or a user access (the vkernel's own load or store, outside any vmspace).</summary>
public enum CallKind
{
    /// <summary>A system call: enters at syscall2 on a thread that is not running emulated code.</summary>
    Syscall,
    /// <summary>A guest event: the emulated context on a thread inside a vmspace traps, faults or takes a signal.</summary>
    Guest,
    /// <summary>A user-mode load or store of the vkernel in its own memory: enters the kernel only when it faults.</summary>
    User,
}
