// Not in the C: the attribute that makes a struct of SysProto a row of the system call table (syscalls.master).
namespace Workbench.Kernel.Kern;

/// <summary>Not in the C: marks a <see cref="SysProto"/> struct as the argument struct of one table row: its number
/// and C name, how it is entered, and how a successful result prints.</summary>
[AttributeUsage(AttributeTargets.Struct)]
public sealed class SyscallAttribute(Sysno no, string name) : Attribute
{
    /// <summary>The number (syscalls.master).</summary>
    public Sysno No { get; } = no;

    /// <summary>The C name as strace prints it ("vmspace_mmap", "sysctl", "lwp_exit").</summary>
    public string Name { get; } = name;

    /// <summary>System call, guest event or user access.</summary>
    public CallKind Kind { get; init; } = CallKind.Syscall;

    /// <summary>How a successful value prints: <see cref="ArgFormat.Int"/> (the default), Hex for addresses, Trap for
    /// guest_access.</summary>
    public ArgFormat Result { get; init; } = ArgFormat.Int;
}
