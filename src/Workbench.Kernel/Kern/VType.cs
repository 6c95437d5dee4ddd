// Models enum vtype of sys/sys/vnode.h (a2ee730d).
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>enum vtype</c>.</summary>
public enum VType { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO }
