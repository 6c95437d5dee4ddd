// Models the non-syscall entry points of sys/vm/vm_vmspace.c (a2ee730d): vkernel_inherit, vkernel_exit,
// vkernel_lwp_exit and vkernel_trap, with cpu_vkernel_trap (pc64 trap.c). Faithful.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vkernel;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Kassert;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary><c>vkernel_inherit(p1, p2)</c>: called by fork when the parent has a vkp. The child shares the whole
    /// id namespace and every vmspace ("allows a virtual kernel to fork to simulate multiple cpus"). No requirements.
    /// Per-LWP vklp state is not inherited (spec §3.1).</summary>
    void vkernel_inherit(Proc p1, Proc p2)
    {
        var vkp = p1.p_vkernel!;
        KKASSERT(vkp.refs > 0, "vkernel_inherit: vkp->refs <= 0");
        AtomicStep("vkp->refs++", vkp); // instrumented: a lock-free step (switch point under a scheduler)
        vkp.refs++; // atomic_add_int
        p2.p_vkernel = vkp;
    }

    /// <summary><c>vkernel_exit(p)</c>: called by exit1 (after vkernel_lwp_exit(curlwp)) and by execve. Restores any
    /// LWP still inside a vmspace, detaches the vkp and, on the last reference, deletes every entry (each must have
    /// refs == 0) and frees the vkp. No requirements; takes vkp->token for the teardown, which blocks (spec §3.2).</summary>
    internal void vkernel_exit(Lwp td, Proc p)
    {
        var vkp = p.p_vkernel!;

        // "Restore the original VM context if we are killed while running a different one. This isn't supposed to
        // happen": the process should have entered vkernel_trap() before handling the signal.
        foreach (var lp in p.p_lwp_tree.Values.ToList())
            Design.vkernel_lwp_exit(this, lp);

        p.p_vkernel = null;
        KKASSERT(vkp.refs > 0, "vkernel_exit: vkp->refs <= 0");
        AtomicStep("vkp->refs--", vkp); // instrumented
        if (vkp.refs-- == 1) // atomic_fetchadd_int(&vkp->refs, -1) == 1
        {
            lwkt_gettoken(td, vkp.token);
            vkp.root.RB_SCAN(ve => Design.rb_vmspace_delete(this, td, ve, vkp));
            lwkt_reltoken(td, vkp.token);
            vkp.Freed = true; // kfree(vkp)
        }
    }

    /// <summary><c>vkernel_lwp_exit(lp)</c>: called by lwp_exit, exit1 and vkernel_exit. An LWP still inside a
    /// vmspace prints "Warning, pid N killed with active VC!", is switched back and drops its ref. No requirements.</summary>
    internal void vkernel_lwp_exit(Lwp lp)
    {
        var vklp = lp.lwp_vkernel;
        if (vklp is null)
            return;
        var ve = vklp.ve;
        if (ve is not null)
        {
            StampVe(ve); // instrumented
            kprintf($"Warning, pid {lp.lwp_proc.p_pid} killed with active VC!");
            pmap_setlwpvm(lp, lp.lwp_proc.p_vmspace);
            vklp.ve = null;
            Design.vkernel_running_drop(this, lp, ve, "vkernel_lwp_exit");
        }
        Design.vkernel_lwp_exit_cache(this, lp, vklp); // 2017 designs: the per-LWP cache
        lp.lwp_vkernel = null; // kfree(vklp)
    }

    /// <summary><c>vkernel_trap(lp, frame)</c>: the emulated context trapped out, made a system call or took a
    /// signal; return control to the vkernel. Drops the LWP's ref first (the ve may be freed from then on), copies
    /// the emulated frame out into the vkernel's memory, restores the vkernel's frame and TLS, and sets the result of
    /// its vmspace_ctl: 0, or -1 EFAULT if the copy-out failed (spec §3.4). No requirements.</summary>
    internal int vkernel_trap(Lwp lp, Trapframe frame)
    {
        var p = lp.lwp_proc;
        var vklp = lp.lwp_vkernel;
        KKASSERT(vklp is not null, "vkernel_trap: no vkernel_lwp");
        var ve = vklp!.ve;
        KKASSERT(ve is not null, "vkernel_trap: LWP is not in a vmspace");

        vklp.ve = null;
        pmap_setlwpvm(lp, p.p_vmspace);
        Design.vkernel_running_drop(this, lp, ve!, "vkernel_trap");
        // ve is invalid once we kill our ref (spec §7 B10).

        // The copy-out lands in the vkernel's own memory: the LWP has switched back already.
        int error = VmCopy.copyout(lp.lwp_vmspace, frame.ToBytes(), vklp.user_trapframe);
        frame.CopyFrom(vklp.save_trapframe);
        lp.td_tls.CopyFrom(vklp.save_vextframe_vx_tls);
        cpu_vkernel_trap(frame, error);
        return error;
    }

    /// <summary><c>cpu_vkernel_trap(frame, error)</c> (pc64 trap.c): rax = error; the carry flag set iff error != 0.
    /// The vkernel's vmspace_ctl thus "returns" 0 or -1 with errno = EFAULT; rdx is untouched.</summary>
    static void cpu_vkernel_trap(Trapframe frame, int error)
    {
        frame[Trapframe.tf_rax] = (ulong)error;
        if (error != 0)
            frame[Trapframe.tf_rflags] |= Vk.PSL_C;
        else
            frame[Trapframe.tf_rflags] &= ~Vk.PSL_C;
    }
}
