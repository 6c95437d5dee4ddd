using Workbench.Kernel.Observe;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Tests.Vkernel;

/// <summary>sys_vmspace_destroy (spec §2.2), checks in the seed's order.</summary>
public class VmspaceDestroyTests
{
    [Fact]
    public void vmspace_destroy_returns_EINVAL_when_the_process_has_no_vkernel()
    {
        var b = new Boot();
        Assert.Equal(EINVAL, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(["mp_token"], b.M.LastCall!.Tokens);
    }

    [Fact]
    public void vmspace_destroy_returns_ENOENT_for_an_unknown_id()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(ENOENT, b.M.VmspaceDestroy(b.Td, 0x2000).Error);
    }

    [Fact]
    public void vmspace_destroy_returns_EBUSY_while_an_lwp_runs_in_it()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.Enter(0x1000, t2);
        Assert.Equal(EBUSY, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(1, b.Refs(0x1000));
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_destroy_succeeds_once_the_lwp_traps_back_because_EBUSY_leaks_nothing_in_2011()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.Enter(0x1000, t2);
        Assert.Equal(EBUSY, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(0, b.M.GuestTrap(t2, T_FAST_SYSCALL).Error);
        Assert.Equal(0, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(0, Census.Take(b.M).Vmspaces);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_destroy_does_not_check_vkernel_enable()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        b.M.Sysctl.vkernel_enable = 0;
        Assert.Equal(0, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
    }

    [Fact]
    public void vmspace_destroy_tears_down_the_map_and_lets_the_same_id_be_created_again()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var ve = b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!;
        var vm = ve.vmspace!;
        Assert.True(b.M.VmspaceMmap(b.Td, 0x1000, 0x10000, 0x4000, 3, 0x1000 | 0x10 | 0x2, -1, 0).Ok);
        Assert.Equal(0, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(["mp_token", "vkernel"], b.M.LastCall!.Tokens);
        Assert.True(ve.Freed);
        Assert.Null(ve.vmspace);
        Assert.True(vm.Freed);
        Assert.Equal(0, vm.vm_map.nentries);
        Assert.Equal(0, b.M.VmspaceCreate(b.Td, 0x1000).Error);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_destroy_from_a_forked_child_returns_EBUSY_while_the_parents_lwp_runs_in_it()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        b.Enter(0x1000, b.Td, create: false);
        Assert.Equal(EBUSY, b.M.VmspaceDestroy(child, 0x1000).Error);
        b.AssertInvariants();
    }

    //  destroy(0x1000): RB_REMOVE, then every step that may sleep, each marked once:
    //  [pmap_remove_pages][vm_map lock]            vmspace_entry_delete's own teardown
    //  [pmap_remove_pages][vm_map lock]            vmspace_free, the last vm_refcnt
    [Fact]
    public void vmspace_destroy_passes_each_teardown_blocking_point_once()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(0, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(["pmap_remove_pages", "vm_map lock", "pmap_remove_pages", "vm_map lock"], b.M.LastCall!.Blocks);
        Assert.Equal(["mp_token", "vkernel"], b.M.LastCall!.Tokens);
    }

    [Fact]
    public void the_census_check_tracks_the_machine_every_kernel_test_builds()
    {
        _ = new Boot();
        Assert.Equal(1, CensusCheckAttribute.TrackedCount); // checked empty after this test, like every other
    }
}
