// Not in the C: how an argument of the system call table prints in an strace-style trace line.
namespace Workbench.Kernel.Kern;

/// <summary>Not in the C: how a <c>*_args</c> field prints in a trace (and which constants a script may name for it).</summary>
public enum ArgFormat
{
    /// <summary>Signed decimal.</summary>
    Int,
    /// <summary>Unsigned hexadecimal (sizes, offsets, values).</summary>
    Hex,
    /// <summary>A pointer: NULL for 0, else hexadecimal.</summary>
    Ptr,
    /// <summary>PROT_* bits.</summary>
    Prot,
    /// <summary>MAP_* bits.</summary>
    MapFlags,
    /// <summary>A MADV_* value.</summary>
    Madv,
    /// <summary>O_* flags of open.</summary>
    OFlags,
    /// <summary>A vmspace_ctl command (VMSPACE_CTL_RUN).</summary>
    Cmd,
    /// <summary>A T_* trap number.</summary>
    Trap,
    /// <summary>A quoted string (a path or sysctl name).</summary>
    Str,
    /// <summary>READ/WRITE/EXEC of a guest access.</summary>
    Access,
    /// <summary>A SIG* signal number.</summary>
    Signal,
}
