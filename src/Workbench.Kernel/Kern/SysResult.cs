// Models what syscall2 hands back to user mode: an errno (0, a positive errno, or EJUSTRETURN) and sysmsg_result.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Kern;

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
