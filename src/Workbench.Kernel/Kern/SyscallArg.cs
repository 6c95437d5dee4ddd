// Not in the C: one field of a *_args struct as the system call table describes it.
namespace Workbench.Kernel.Kern;

/// <summary>Not in the C: one field of a <c>*_args</c> struct: its C name and type, how it prints, and which
/// register slot holds it (-1 for the string argument, which travels as <see cref="SyscallRequest.Str"/>).</summary>
public sealed record SyscallArg(string Name, string CType, ArgFormat Format, int Slot, bool Optional, string? SizeOf)
{
    /// <summary>Written by callers and scripts (not a derived field such as sysctl's newlen).</summary>
    public bool Visible => SizeOf is null;
}
