// Models the DTYPE_* values of struct file (sys/sys/file.h, a2ee730d).
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary>DTYPE_* of <c>struct file</c>.</summary>
public enum DType { DTYPE_VNODE = 1, DTYPE_SOCKET = 2, DTYPE_PIPE = 3 }
