// Models struct vnode (sys/sys/vnode.h, a2ee730d). Simplified: a flat namespace, no permissions, no I/O other than
// through mappings and ftruncate.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct vnode</c>: a file. VREG files keep their bytes in <see cref="v_object"/> (sparse pages).</summary>
public sealed class Vnode
{
    internal Vnode(string path, VType type) { Path = path; v_type = type; }

    public string Path { get; }
    public VType v_type { get; }

    /// <summary><c>v_object</c>: the file's VM object (VREG only). Its size follows the file size.</summary>
    public VmObject? v_object { get; internal set; }

    /// <summary>File size in bytes (<c>va_size</c>).</summary>
    public ulong Size { get; internal set; }

    /// <summary>SF_IMMUTABLE|SF_APPEND-style flags (<c>va_flags</c>): a shared writable mapping gets EPERM.</summary>
    public bool ImmutableOrAppend { get; internal set; }

    /// <summary>VCHR: the device was revoked (<c>v_rdev == NULL</c>).</summary>
    public bool Revoked { get; internal set; }

    /// <summary>VCHR: the device is /dev/zero (mapped as anonymous memory).</summary>
    public bool IsDevZero { get; internal set; }

    /// <summary>VCHR: the device has a d_mmap routine (device pager succeeds).</summary>
    public bool DeviceMmap { get; internal set; }
}
