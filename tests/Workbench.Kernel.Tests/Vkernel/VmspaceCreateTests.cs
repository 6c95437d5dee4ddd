using Workbench.Kernel.Observe;
using static Workbench.Kernel.Sys.Errno;

namespace Workbench.Kernel.Tests.Vkernel;

/// <summary>sys_vmspace_create (spec §2.1), checks in the seed's order.</summary>
public class VmspaceCreateTests
{
    [Fact]
    public void vmspace_create_returns_EOPNOTSUPP_when_vm_vkernel_enable_is_0_and_makes_no_vkernel()
    {
        var b = new Boot(vkernelEnable: 0);
        Assert.Equal(EOPNOTSUPP, b.M.VmspaceCreate(b.Td, 0x1000).Error);
        Assert.Null(b.Td.lwp_proc.p_vkernel);
        Assert.Empty(b.M.LastCall!.Tokens);
    }

    [Fact]
    public void vmspace_create_makes_the_vkernel_proc_on_the_first_call_with_refs_1()
    {
        var b = new Boot();
        Assert.Equal(0, b.M.VmspaceCreate(b.Td, 0x1000).Error);
        var vkp = b.Td.lwp_proc.p_vkernel!;
        Assert.Equal(1, vkp.refs);
        Assert.Equal(1, vkp.root.Count);
        Assert.Equal(0, vkp.root.RB_FIND(0x1000)!.refs);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_create_takes_proc_token_then_mp_token_then_the_vkernel_token_on_the_first_call_only()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(["proc_token", "mp_token", "vkernel"], b.M.LastCall!.Tokens);
        b.M.VmspaceCreate(b.Td, 0x2000);
        Assert.Equal(["mp_token", "vkernel"], b.M.LastCall!.Tokens);
    }

    [Fact]
    public void vmspace_create_returns_EEXIST_for_a_duplicate_id_and_keeps_the_first_entry()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var first = b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000);
        Assert.Equal(EEXIST, b.M.VmspaceCreate(b.Td, 0x1000).Error);
        Assert.Same(first, b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000));
        Assert.Equal(1, Census.Take(b.M).Vmspaces);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_create_keeps_the_new_vkernel_proc_even_when_the_enable_check_passes_but_the_insert_fails()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var vkp = b.Td.lwp_proc.p_vkernel;
        Assert.Equal(EEXIST, b.M.VmspaceCreate(b.Td, 0x1000).Error);
        Assert.Same(vkp, b.Td.lwp_proc.p_vkernel);
    }

    [Fact]
    public void vmspace_create_accepts_a_NULL_id_and_ignores_type_and_data_unlike_its_comment()
    {
        var b = new Boot();
        Assert.Equal(0, b.M.VmspaceCreate(b.Td, 0, type: 7, data: 0xdead).Error);
        Assert.NotNull(b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0));
    }

    [Fact]
    public void vmspace_create_compares_ids_as_unsigned_pointers()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0xffff_8000_0000_1000);
        b.M.VmspaceCreate(b.Td, 0x1000);
        var ids = b.Td.lwp_proc.p_vkernel!.root.RB_FOREACH().Select(v => v.id).ToArray();
        Assert.Equal([0x1000UL, 0xffff_8000_0000_1000UL], ids);
    }

    [Fact]
    public void vmspace_create_still_refuses_after_vkernel_enable_is_turned_off_but_existing_ids_keep_working()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(0, b.M.SysctlSet(b.Td, "vm.vkernel_enable", 0).Error);
        Assert.Equal(EOPNOTSUPP, b.M.VmspaceCreate(b.Td, 0x2000).Error);
        Assert.Equal(0, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
    }
}
