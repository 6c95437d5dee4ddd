// Models sys/vm/vm_vmspace.c: the vkernel VMSPACE system calls (DragonFly a2ee730d, 2011-12). Faithful: every check
// in the seed's order, the same tokens, the same temporary refs. Each function names its locks and blocking points.
// Quirks kept on purpose (spec §7 B, §8): NULL ids accepted, type/data ignored, vkernel_find_vmspace takes no ref,
// pread/pwrite always EINVAL, vkernel_enable checked only by create.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vkernel;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Kassert;
using static Workbench.Kernel.Kern.SysProto;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    int _nextVkpId = 1;

    /// <summary><c>sys_vmspace_create(void *id, int type, void *data)</c> (486): create an empty VMSPACE under the
    /// caller's control. No requirements. Takes proc_token (vkp install), mp_token, vkp->token.
    /// Blocks: the vkp and ve allocations, vmspace_alloc, and vmspace_free on the EEXIST path (spec §2.1).</summary>
    internal int sys_vmspace_create(Lwp td, ref VmspaceCreateArgs uap)
    {
        var p = td.lwp_proc;
        // uap->type and uap->data are ignored; "must currently be 0" is not checked (spec §8.2).

        if (Sysctl.vkernel_enable == 0)
            return EOPNOTSUPP;

        // Create the vkernel side-structure if the process has none. The allocation may block before proc_token
        // is taken, so the kernel re-checks under the token (its "simple resolution for SMP races").
        VkernelProc? vkp = p.p_vkernel;
        if (vkp is null)
        {
            MayBlock("kmalloc(vkernel_proc)");
            var fresh = new VkernelProc(_nextVkpId++, TreeStats);
            lwkt_gettoken(td, proc_token);
            if (p.p_vkernel is null)
            {
                fresh.refs = 1;
                p.p_vkernel = fresh;
                vkp = fresh;
            }
            else
            {
                vkp = p.p_vkernel; // lost the race: free ours (kfree), use the winner's
            }
            lwkt_reltoken(td, proc_token);
        }

        get_mplock(td);

        // Build the new entry; NULL is accepted as an id although the comment says otherwise (spec §7 B1).
        MayBlock("kmalloc(vmspace_entry)");
        var ve = new VmspaceEntry(uap.id);
        ve.vmspace = VmSpace.vmspace_alloc(this, Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        ve.vmspace.pmap_pinit2();

        int error;
        lwkt_gettoken(td, vkp.token);
        if (vkp.root.RB_INSERT(ve) is not null)
        {
            ve.vmspace.vmspace_free(); // may run termination and block
            ve.vmspace = null;         // safety
            ve.Freed = true;           // kfree(ve)
            error = EEXIST;
        }
        else
        {
            StampVe(ve, created: true); // instrumented
            error = 0;
        }
        lwkt_reltoken(td, vkp.token);
        rel_mplock(td);
        return error;
    }

    /// <summary><c>sys_vmspace_destroy(void *id)</c> (487): destroy a VMSPACE given its id. No requirements.
    /// Takes mp_token, then vkp->token. Blocks inside vmspace_entry_delete, after the entry left the tree (spec §2.2).
    /// vkernel_enable is not checked.</summary>
    internal int sys_vmspace_destroy(Lwp td, ref VmspaceDestroyArgs uap)
    {
        int error;
        get_mplock(td);
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null)
        {
            error = EINVAL;
        }
        else
        {
            lwkt_gettoken(td, vkp.token);
            var ve = vkernel_find_vmspace(td, vkp, uap.id);
            if (ve is null)
                error = ENOENT;
            else if (ve.refs != 0)
                error = EBUSY; // an LWP runs in it, or a call holds its temporary ref (spec §7 B4)
            else
            {
                vmspace_entry_delete(td, ve, vkp);
                error = 0;
            }
            lwkt_reltoken(td, vkp.token);
        }
        rel_mplock(td);
        return error;
    }

    /// <summary><c>sys_vmspace_ctl(void *id, int cmd, struct trapframe *tframe, struct vextframe *vframe)</c> (488):
    /// transfer control to a VMSPACE. No requirements. The vkp check runs before any token; then mp_token and
    /// vkp->token. Blocks: the vkernel_lwp allocation and the copyins (spec §2.3). On success returns EJUSTRETURN
    /// and the LWP runs emulated code until a guest event calls vkernel_trap.</summary>
    internal int sys_vmspace_ctl(Lwp lp, ref VmspaceCtlArgs uap)
    {
        var p = lp.lwp_proc;

        var vkp = p.p_vkernel;
        if (vkp is null)
            return EINVAL;

        get_mplock(lp);
        lwkt_gettoken(lp, vkp.token);
        int error;
        var ve = vkernel_find_vmspace(lp, vkp, uap.id);
        if (ve is null)
        {
            error = ENOENT; // the lookup has priority over the command check (spec §2.3.4)
        }
        else if (uap.cmd == Vk.VMSPACE_CTL_RUN) // int cmd: the upper half of the register is not part of it
        {
            error = vmspace_ctl_run(lp, ve, uap.tframe, uap.vframe);
        }
        else
        {
            error = EOPNOTSUPP;
        }
        lwkt_reltoken(lp, vkp.token);
        rel_mplock(lp);
        return error;
    }

    /// <summary>The VMSPACE_CTL_RUN case of <c>sys_vmspace_ctl</c>: save the caller's context, install the passed
    /// one, switch address spaces. Caller holds mp_token and vkp->token (spec §2.3.5 a-i).</summary>
    int vmspace_ctl_run(Lwp lp, VmspaceEntry ve, ulong tframe, ulong vframe)
    {
        KKASSERT(!MpLocked || mp_token.HeldBy(lp), "vmspace_ctl: mp_token not held");
        KKASSERT(lp.lwp_proc.p_vkernel!.token.HeldBy(lp), "vmspace_ctl: vkp->token not held");
        ve.refs++; // atomic_add_int: no blocking between the lookup and here, so destroy cannot race it

        var vklp = vkernel_lwp_alloc(lp);
        int error = vmspace_ctl_load(lp, vklp, tframe, vframe);
        if (error != 0)
        {
            ve.refs--; // the vklp and its new user pointers persist
            return error;
        }
        vklp.ve = ve;
        pmap_setlwpvm(lp, ve.vmspace!);
        set_vkernel_fp(lp);
        return EJUSTRETURN;
    }

    /// <summary>The vklp of <paramref name="lp"/>, allocated on its first VMSPACE_CTL_RUN (may block).</summary>
    internal VkernelLwp vkernel_lwp_alloc(Lwp lp)
    {
        var vklp = lp.lwp_vkernel;
        if (vklp is null)
        {
            MayBlock("kmalloc(vkernel_lwp)");
            vklp = new VkernelLwp();
            lp.lwp_vkernel = vklp;
        }
        return vklp;
    }

    /// <summary>The middle of VMSPACE_CTL_RUN (spec §2.3.5 c-h): record the copy-back targets, save the caller's frame
    /// and TLS, copy the passed ones in (each copyin may fault and block), sanitise; on an error restore the saved
    /// context and return the error (the caller drops its ref).</summary>
    internal int vmspace_ctl_load(Lwp lp, VkernelLwp vklp, ulong tframe, ulong vframe)
    {
        vklp.user_trapframe = tframe;
        vklp.user_vextframe = vframe;
        vklp.save_trapframe.CopyFrom(lp.Frame);
        vklp.save_vextframe_vx_tls.CopyFrom(lp.td_tls);

        // copyin runs in the vkernel's own address space (the LWP has not switched yet); each may fault and block.
        var frameBytes = new byte[Trapframe.Size];
        int error = VmCopy.copyin(lp.lwp_vmspace, tframe, frameBytes);
        if (error == 0)
            lp.Frame.FromBytes(frameBytes);
        if (error == 0)
        {
            var tls = new byte[SaveTls.Size];
            error = VmCopy.copyin(lp.lwp_vmspace, vframe, tls); // &vframe->vx_tls == vframe: vx_tls is its only member
            if (error == 0)
                lp.td_tls.FromBytes(tls);
        }
        if (error == 0)
            error = cpu_sanitize_frame(lp.Frame);
        if (error == 0)
            error = cpu_sanitize_tls(lp.td_tls);

        if (error != 0)
        {
            // Restore the vkernel's context. The vklp and its new user pointers persist.
            lp.Frame.CopyFrom(vklp.save_trapframe);
            lp.td_tls.CopyFrom(vklp.save_vextframe_vx_tls);
        }
        return error;
    }

    /// <summary><c>vkernel_find_vmspace</c>: locate the ve for id, or null. The caller must hold vkp->token.
    /// Despite its comment it does NOT bump ve->refs: callers take their own temporary ref (spec §7 A4, §8.1).</summary>
    VmspaceEntry? vkernel_find_vmspace(Lwp td, VkernelProc vkp, ulong id)
    {
        KKASSERT(vkp.token.HeldBy(td), "vkernel_find_vmspace: vkp->token not held");
        var ve = vkp.root.RB_FIND(id);
        if (ve is not null) StampVe(ve); // instrumented
        return ve;
    }

    /// <summary><c>vmspace_entry_delete</c>: remove the ve from the tree, then tear down its pmap, map and vmspace.
    /// The caller must hold vkp->token on entry; it is lost while the teardown blocks, which is safe only because
    /// the ve left the tree first (spec §2.2.5, §8.8).</summary>
    void vmspace_entry_delete(Lwp td, VmspaceEntry ve, VkernelProc vkp)
    {
        KKASSERT(vkp.token.HeldBy(td), "vmspace_entry_delete: vkp->token not held");
        vkp.root.RB_REMOVE(ve);
        var vm = ve.vmspace!;
        vm.vm_pmap.pmap_remove_pages(Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        vm.vm_map.vm_map_remove(Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        vm.vmspace_free();
        ve.vmspace = null; // safety
        ve.Freed = true;   // kfree(ve)
    }

    /// <summary><c>rb_vmspace_delete</c>: RB_SCAN callback of vkernel_exit. The caller must hold vkp->token.</summary>
    internal int rb_vmspace_delete(Lwp td, VmspaceEntry ve, VkernelProc vkp)
    {
        KKASSERT(ve.refs == 0, $"rb_vmspace_delete: {ve} still referenced at vkernel teardown");
        vmspace_entry_delete(td, ve, vkp);
        return 0;
    }

    /// <summary><c>pmap_setlwpvm</c>: switch the LWP's address space. Takes no vmspace reference (spec §1.3).</summary>
    internal static void pmap_setlwpvm(Lwp lp, VmSpace vm) => lp.lwp_vmspace = vm;

    /// <summary><c>cpu_sanitize_frame</c> (pc64): never fails; forces the user selectors and masks rflags to
    /// RF|PSL_USERCHANGE|VM, then sets the reserved bit and IF. rip, rsp and the GPRs are not validated (spec §5.3).</summary>
    static int cpu_sanitize_frame(Trapframe frame)
    {
        frame[Trapframe.tf_cs] = Vk.GUCODE_SEL_UPL;
        frame[Trapframe.tf_ss] = Vk.GUDATA_SEL_UPL;
        frame[Trapframe.tf_rflags] &= Vk.PSL_RF | Vk.PSL_USERCHANGE | Vk.PSL_VM;
        frame[Trapframe.tf_rflags] |= Vk.PSL_RESERVED_DEFAULT | Vk.PSL_I;
        return 0;
    }

    /// <summary><c>cpu_sanitize_tls</c> (pc64): checks nothing, always 0 (the i386 ENXIO check is not modelled).</summary>
    static int cpu_sanitize_tls(SaveTls tls) => 0;

    /// <summary><c>set_vkernel_fp</c>: PGEX_FPFAULT in tf_xflags makes the first FP use trap with T_DNA.</summary>
    internal static void set_vkernel_fp(Lwp lp) =>
        lp.pcb_virtfp = (lp.Frame[Trapframe.tf_xflags] & (ulong)Vk.PGEX_FPFAULT) != 0;
}
