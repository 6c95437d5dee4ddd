// Models struct file, struct filedesc and a minimal in-memory VFS (sys/sys/file.h, sys/sys/vnode.h). Simplified:
// no directories beyond a flat namespace, no permissions, no I/O other than through mappings and ftruncate.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct file</c>: an open file. Shared between processes after fork.</summary>
public sealed class File
{
    internal File(DType type, int flags, Vnode? vnode) { f_type = type; f_flag = flags; f_data = vnode; }

    public DType f_type { get; }
    /// <summary>FREAD / FWRITE.</summary>
    public int f_flag { get; }
    public Vnode? f_data { get; }
    internal int f_count = 1;
}
