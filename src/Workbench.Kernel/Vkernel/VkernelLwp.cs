// Models struct vkernel_lwp (sys/sys/vkernel.h, a2ee730d). Faithful.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Lib;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Vkernel;

/// <summary><c>struct vkernel_lwp</c> (<c>lp->lwp_vkernel</c>): per-LWP state, created by the first VMSPACE_CTL_RUN.</summary>
public sealed class VkernelLwp
{
    /// <summary><c>save_trapframe</c>: the vkernel's registers at the vmspace_ctl syscall.</summary>
    public Trapframe save_trapframe { get; } = new();
    /// <summary><c>save_vextframe.vx_tls</c>: the vkernel's TLS.</summary>
    public SaveTls save_vextframe_vx_tls { get; } = new();
    /// <summary><c>user_trapframe</c>: user pointer the emulated frame is copied back to by vkernel_trap.</summary>
    public ulong user_trapframe { get; internal set; }
    /// <summary><c>user_vextframe</c>: user pointer to the emulated vextframe.</summary>
    public ulong user_vextframe { get; internal set; }
    /// <summary><c>ve</c>: the entry the LWP currently runs in, or null.</summary>
    public VmspaceEntry? ve { get; internal set; }
    /// <summary><c>ve_cache</c> (d95d5e03, 2017 on): the entry this LWP last ran, found again without a token.</summary>
    public VmspaceEntry? ve_cache { get; internal set; }
}
