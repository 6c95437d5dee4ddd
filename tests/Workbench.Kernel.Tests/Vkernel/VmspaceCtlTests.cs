using Workbench.Kernel.Kern;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Tests.Vkernel;

/// <summary>sys_vmspace_ctl and vkernel_trap (spec §2.3, §3.4), checks in the seed's order.</summary>
public class VmspaceCtlTests
{
    static void WriteFrame(Boot b, ulong at, Action<Trapframe> fill, Lwp? td = null)
    {
        var f = new Trapframe();
        fill(f);
        Assert.Equal(0, VmCopy.copyout((td ?? b.Td).lwp_vmspace, f.ToBytes(), at));
    }

    static Trapframe ReadFrame(Boot b, ulong at)
    {
        var bytes = new byte[Trapframe.Size];
        Assert.Equal(0, VmCopy.copyin(b.Td.lwp_vmspace, at, bytes));
        var f = new Trapframe();
        f.FromBytes(bytes);
        return f;
    }

    [Fact]
    public void vmspace_ctl_returns_EINVAL_without_a_vkernel_before_taking_any_token()
    {
        var b = new Boot();
        Assert.Equal(EINVAL, b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, 0, 0).Error);
        Assert.Empty(b.M.LastCall!.Tokens);
    }

    [Fact]
    public void vmspace_ctl_returns_ENOENT_for_an_unknown_id_even_with_a_bad_command()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(ENOENT, b.M.VmspaceCtl(b.Td, 0x2000, 99, 0, 0).Error);
        Assert.Equal(["mp_token", "vkernel"], b.M.LastCall!.Tokens);
    }

    [Fact]
    public void vmspace_ctl_returns_EOPNOTSUPP_for_a_command_other_than_VMSPACE_CTL_RUN_and_takes_no_ref()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(EOPNOTSUPP, b.M.VmspaceCtl(b.Td, 0x1000, 2, 0, 0).Error);
        Assert.Equal(0, b.Refs(0x1000));
        Assert.Null(b.Td.lwp_vkernel);
    }

    [Fact]
    public void vmspace_ctl_run_returns_EJUSTRETURN_holds_one_ref_and_switches_the_address_space()
    {
        var b = new Boot();
        b.Enter(0x1000);
        Assert.Equal(1, b.Refs(0x1000));
        Assert.Same(b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace, b.Td.lwp_vmspace);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_ctl_run_returns_EFAULT_for_an_unmapped_trapframe_drops_its_ref_but_keeps_the_vkernel_lwp()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        b.Td.Frame[Trapframe.tf_rip] = 0x401234;
        Assert.Equal(EFAULT, b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, 0x10_0000_0000, 0).Error);
        Assert.Equal(0, b.Refs(0x1000));
        Assert.NotNull(b.Td.lwp_vkernel);
        Assert.Equal(0x10_0000_0000UL, b.Td.lwp_vkernel!.user_trapframe);
        Assert.Null(b.Td.lwp_vkernel.ve);
        Assert.Equal(0x401234UL, b.Td.Frame[Trapframe.tf_rip]);
        Assert.False(b.Td.InVmspace);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_ctl_run_returns_EFAULT_for_an_unmapped_vextframe_and_restores_the_callers_frame()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        WriteFrame(b, f, fr => fr[Trapframe.tf_rip] = 0xbad);
        b.Td.Frame[Trapframe.tf_rip] = 0x401234;
        Assert.Equal(EFAULT, b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, 0).Error);
        Assert.Equal(0x401234UL, b.Td.Frame[Trapframe.tf_rip]);
        Assert.Equal(0, b.Refs(0x1000));
    }

    [Fact]
    public void vmspace_ctl_run_installs_the_users_frame_with_cpu_sanitize_frame_forcing_selectors_and_rflags()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        WriteFrame(b, f, fr =>
        {
            fr[Trapframe.tf_rip] = 0x8000_1000;
            fr[Trapframe.tf_cs] = 0x8;                 // a kernel selector: forced back to user
            fr[Trapframe.tf_rflags] = 0x3000 | 0x1;    // IOPL bits are not user-changeable; carry is
        });
        Assert.Equal(EJUSTRETURN, b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000).Error);
        Assert.Equal(0x8000_1000UL, b.Td.Frame[Trapframe.tf_rip]);
        Assert.Equal(GUCODE_SEL_UPL, b.Td.Frame[Trapframe.tf_cs]);
        Assert.Equal(GUDATA_SEL_UPL, b.Td.Frame[Trapframe.tf_ss]);
        Assert.Equal(0x1UL | PSL_RESERVED_DEFAULT | PSL_I, b.Td.Frame[Trapframe.tf_rflags]);
    }

    [Fact]
    public void vmspace_ctl_run_sets_FP_VIRTFP_exactly_when_the_frame_has_PGEX_FPFAULT()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        WriteFrame(b, f, fr => fr[Trapframe.tf_xflags] = (ulong)PGEX_FPFAULT);
        b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000);
        Assert.True(b.Td.pcb_virtfp);
        b.M.GuestTrap(b.Td, T_DNA);
        WriteFrame(b, f, fr => fr[Trapframe.tf_xflags] = 0);
        b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000);
        Assert.False(b.Td.pcb_virtfp);
    }

    [Fact]
    public void guest_trap_T_DNA_reaches_the_vkernel_only_when_its_frame_asked_for_it_with_PGEX_FPFAULT()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        // Without PGEX_FPFAULT: the host's npxdna restores the FP state; the emulated context keeps running.
        WriteFrame(b, f, fr => fr[Trapframe.tf_xflags] = 0);
        b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000);
        var (before, refs) = (b.Td.Frame.ToBytes(), b.Refs(0x1000));
        Assert.Equal(EJUSTRETURN, b.M.GuestTrap(b.Td, T_DNA).Error);
        Assert.True(b.Td.InVmspace, "T_DNA without FP_VIRTFP returned to the vkernel");
        Assert.Equal(before, b.Td.Frame.ToBytes());
        Assert.Equal(refs, b.Refs(0x1000));
        // With PGEX_FPFAULT: the trap is the vkernel's, with tf_trapno T_DNA in the frame copied out.
        Assert.Equal(0, b.M.GuestTrap(b.Td, T_FAST_SYSCALL).Error);
        WriteFrame(b, f, fr => fr[Trapframe.tf_xflags] = (ulong)PGEX_FPFAULT);
        b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000);
        Assert.Equal(0, b.M.GuestTrap(b.Td, T_DNA).Error);
        Assert.False(b.Td.InVmspace);
        Assert.Equal((ulong)T_DNA, ReadFrame(b, f)[Trapframe.tf_trapno]);
        Assert.Equal(refs - 1, b.Refs(0x1000));
        b.AssertInvariants();
    }

    [Fact]
    public void guest_trap_T_ASTFLT_never_returns_to_the_vkernel_even_with_FP_VIRTFP()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        WriteFrame(b, f, fr => fr[Trapframe.tf_xflags] = (ulong)PGEX_FPFAULT);
        b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000);
        Assert.Equal(EJUSTRETURN, b.M.GuestTrap(b.Td, T_ASTFLT).Error);
        Assert.True(b.Td.InVmspace);
        Assert.Equal(0, b.M.GuestTrap(b.Td, T_PAGEFLT).Error);   // any other trap still goes to the vkernel
        Assert.False(b.Td.InVmspace);
        b.AssertInvariants();
    }

    [Fact]
    public void vkernel_trap_copies_the_emulated_frame_out_restores_the_vkernel_and_returns_0()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        WriteFrame(b, f, fr => fr[Trapframe.tf_rip] = 0x8000_2000);
        b.Td.Frame[Trapframe.tf_rip] = 0x401234;
        b.Td.Frame[Trapframe.tf_rflags] = PSL_C;
        b.M.VmspaceCtl(b.Td, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000);
        var r = b.M.GuestTrap(b.Td, T_PAGEFLT);
        Assert.Equal(0, r.Error);
        Assert.False(b.Td.InVmspace);
        Assert.Same(b.Td.lwp_proc.p_vmspace, b.Td.lwp_vmspace);
        Assert.Equal(0, b.Refs(0x1000));
        var outFrame = ReadFrame(b, f);
        Assert.Equal((ulong)T_PAGEFLT, outFrame[Trapframe.tf_trapno]);
        Assert.Equal(0x8000_2000UL, outFrame[Trapframe.tf_rip]);
        Assert.Equal(0x401234UL, b.Td.Frame[Trapframe.tf_rip]);
        Assert.Equal(0UL, b.Td.Frame[Trapframe.tf_rax]);
        Assert.Equal(0UL, b.Td.Frame[Trapframe.tf_rflags] & PSL_C);
        b.AssertInvariants();
    }

    [Fact]
    public void vkernel_trap_returns_EFAULT_with_carry_set_when_the_trapframe_page_was_unmapped_meanwhile()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        Assert.Equal(EJUSTRETURN, b.M.VmspaceCtl(t2, 0x1000, VMSPACE_CTL_RUN, f, f + 0x1000).Error);
        Assert.Equal(0, b.M.Munmap(b.Td, f, 0x1000).Error); // a sibling vkernel thread unmaps the frame page
        var r = b.M.GuestTrap(t2, 0);
        Assert.Equal(EFAULT, r.Error);
        Assert.Equal((ulong)EFAULT, t2.Frame[Trapframe.tf_rax]);
        Assert.Equal(PSL_C, t2.Frame[Trapframe.tf_rflags] & PSL_C);
        Assert.Equal(0, b.Refs(0x1000));
        b.AssertInvariants();
    }

    [Fact]
    public void a_syscall_from_a_thread_running_emulated_code_is_a_model_panic_not_an_errno()
    {
        var b = new Boot();
        b.Enter(0x1000);
        Assert.Throws<Workbench.Kernel.Sys.KernelPanicException>(() => b.M.VmspaceDestroy(b.Td, 0x1000));
    }
}

/// <summary>Syscall arguments declared int in the C prototypes keep only their low 32 bits.</summary>
public class IntArgumentTests
{
    [Fact]
    public void vmspace_ctl_reads_cmd_as_an_int_so_0x100000001_is_VMSPACE_CTL_RUN()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        ulong f = b.Frames();
        var r = b.M.Syscall(b.Td, new Workbench.Kernel.Kern.SyscallRequest(Workbench.Kernel.Kern.Sysno.vmspace_ctl, 0x1000, 0x1_0000_0001, (long)f, (long)f + 0x1000));
        Assert.Equal(EJUSTRETURN, r.Error);
    }

    [Fact]
    public void vmspace_mcontrol_reads_behav_as_an_int_so_0x10000000b_is_MADV_SETMAP()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x1000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_FIXED | MAP_VPAGETABLE, -1, 0);
        var r = b.M.Syscall(b.Td, new Workbench.Kernel.Kern.SyscallRequest(Workbench.Kernel.Kern.Sysno.vmspace_mcontrol, 0x1000, 0, 0x1000, 0x1_0000_000b, 0x7));
        Assert.Equal(0, r.Error);
        Assert.Equal(7UL, b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map.entries[0].master_pde);
    }
}
