// Models struct lwp and the thread fields of struct thread (sys/sys/proc.h, sys/sys/thread.h, a2ee730d). Simplified.
using Workbench.Kernel.Vkernel;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct lwp</c> with its <c>struct thread</c>: one schedulable thread of a process.</summary>
public sealed class Lwp
{
    internal Lwp(int tid, Proc proc)
    {
        lwp_tid = tid;
        lwp_proc = proc;
        lwp_vmspace = proc.p_vmspace;
    }

    /// <summary><c>lwp_tid</c>: unique across the machine in this model (pids and tids share one counter).</summary>
    public int lwp_tid { get; }

    /// <summary><c>lwp_proc</c>.</summary>
    public Proc lwp_proc { get; }

    /// <summary><c>lwp_vkernel</c>: created lazily by the first VMSPACE_CTL_RUN (spec §1.2).</summary>
    public VkernelLwp? lwp_vkernel { get; internal set; }

    /// <summary><c>lwp_vmspace</c>: the address space the LWP runs in, switched by <c>pmap_setlwpvm</c>.</summary>
    public VmSpace lwp_vmspace { get; internal set; }

    /// <summary>The syscall frame (<c>sysmsg_frame</c>): the user registers as the thread last entered the kernel.</summary>
    public Trapframe Frame { get; } = new();

    /// <summary><c>td_tls</c>: the thread's TLS descriptors.</summary>
    public SaveTls td_tls { get; } = new();

    /// <summary>FP_VIRTFP in the PCB: the next FP use traps with T_DNA back to the vkernel (set_vkernel_fp).</summary>
    public bool pcb_virtfp { get; internal set; }

    /// <summary>True once lwp_exit (or exit1) has run for this LWP.</summary>
    public bool Exited { get; internal set; }

    /// <summary><c>td_toks_array</c>: the tokens the thread holds, in acquisition order (re-acquired in this order
    /// after a block).</summary>
    internal List<TokRef> td_toks { get; } = new();

    /// <summary>True while the thread runs emulated code inside a vmspace (vklp->ve != NULL).</summary>
    public bool InVmspace => lwp_vkernel?.ve is not null;

    public override string ToString() => $"tid {lwp_tid} of pid {lwp_proc.p_pid}";
}
