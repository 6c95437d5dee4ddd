using Workbench.Kernel.Observe;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Tests.Vkernel;

/// <summary>vkernel_inherit, vkernel_exit, vkernel_lwp_exit through fork, exec, exit and lwp_exit (spec §3.1-§3.3).</summary>
public class VkernelLifecycleTests
{
    [Fact]
    public void vkernel_inherit_shares_the_vkernel_proc_with_the_child_and_bumps_refs()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        Assert.Same(b.Td.lwp_proc.p_vkernel, child.lwp_proc.p_vkernel);
        Assert.Equal(2, b.Td.lwp_proc.p_vkernel!.refs);
        Assert.Equal(EEXIST, b.M.VmspaceCreate(child, 0x1000).Error); // one id namespace
        b.AssertInvariants();
    }

    [Fact]
    public void fork_of_a_process_without_a_vkernel_gives_a_child_without_one()
    {
        var b = new Boot();
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        Assert.Null(child.lwp_proc.p_vkernel);
        Assert.Equal(EINVAL, b.M.VmspaceDestroy(child, 0x1000).Error);
    }

    [Fact]
    public void execve_detaches_the_vkernel_and_the_last_sharer_deletes_every_vmspace()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        b.M.VmspaceCreate(b.Td, 0x2000);
        var vkp = b.Td.lwp_proc.p_vkernel!;
        var ve = vkp.root.RB_FIND(0x1000)!;
        Assert.Equal(0, b.M.Execve(b.Td, "/bin/sh").Error);
        Assert.Null(b.Td.lwp_proc.p_vkernel);
        Assert.True(vkp.Freed);
        Assert.True(ve.Freed);
        Assert.Equal(EINVAL, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        Assert.Equal(0, Census.Take(b.M).Vmspaces);
        b.AssertInvariants();
    }

    [Fact]
    public void execve_of_one_sharer_leaves_the_vmspaces_to_the_other()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        b.M.Execve(child, "/bin/sh");
        Assert.Equal(1, b.Td.lwp_proc.p_vkernel!.refs);
        Assert.Equal(1, Census.Take(b.M).Vmspaces);
        b.AssertInvariants();
    }

    [Fact]
    public void execve_of_a_missing_file_returns_ENOENT_and_keeps_the_vkernel()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(ENOENT, b.M.Execve(b.Td, "/no/such").Error);
        Assert.NotNull(b.Td.lwp_proc.p_vkernel);
    }

    [Fact]
    public void exit_with_a_sibling_lwp_inside_a_vmspace_prints_killed_with_active_VC_and_drops_its_ref()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.Enter(0x1000, t2);
        var ve = b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!;
        b.M.Exit(b.Td, 0);
        Assert.Contains("Warning, pid 1 killed with active VC!", b.M.Messages);
        Assert.Equal(["Warning, pid 1 killed with active VC!"], b.M.LastCall!.Messages);
        Assert.Equal(0, ve.refs);
        Assert.True(ve.Freed);
        Assert.True(Census.Take(b.M).IsEmpty);
        b.AssertInvariants();
    }

    [Fact]
    public void exit_of_one_sharer_while_its_lwp_runs_in_a_vmspace_lets_the_other_destroy_it_afterwards()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        var ct2 = b.M.FindLwp((int)b.M.LwpCreate(child).Value)!;
        b.Enter(0x1000, ct2, create: false);
        Assert.Equal(EBUSY, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        b.M.Exit(child, 0);
        Assert.Equal(0, b.M.VmspaceDestroy(b.Td, 0x1000).Error);
        b.AssertInvariants();
    }

    [Fact]
    public void lwp_exit_of_a_thread_that_left_its_vmspace_frees_its_vkernel_lwp()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.Enter(0x1000, t2);
        b.M.GuestTrap(t2, T_FAST_SYSCALL);
        Assert.NotNull(t2.lwp_vkernel);
        Assert.Equal(0, b.M.LwpExit(t2).Error);
        Assert.Null(t2.lwp_vkernel);
        Assert.True(t2.Exited);
        Assert.Null(b.M.FindLwp(t2.lwp_tid));
        Assert.Empty(b.M.Messages);
        b.AssertInvariants();
    }

    [Fact]
    public void lwp_exit_of_the_last_lwp_exits_the_process_and_empties_the_census()
    {
        var b = new Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        b.M.LwpExit(b.Td);
        Assert.Empty(b.M.Procs);
        Assert.True(Census.Take(b.M).IsEmpty);
        b.AssertInvariants();
    }

    [Fact]
    public void census_counts_vkernels_vmspaces_refs_and_lwps_in_vmspace()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.Enter(0x1000, t2);
        b.M.VmspaceCreate(b.Td, 0x2000);
        var c = Census.Take(b.M);
        Assert.Equal(new Census(1, 2, 1, 2, 1, 1, 0, 0), c);
        Assert.Equal("census: procs=1 lwps=2 vkernels=1 vmspaces=2 refs=1 lwps_in_vmspace=1 map_entries=0 resident_pages=0", c.ToString());
    }
}

/// <summary>The checkers are instrumented-only: they must not show up in the tree's own counters.</summary>
public class ObserverPurityTests
{
    [Fact]
    public void the_invariant_checker_and_census_count_no_tree_comparisons()
    {
        var b = new Boot();
        var t2 = b.M.FindLwp((int)b.M.LwpCreate(b.Td).Value)!;
        b.Enter(0x1000, t2);
        var stats = new Workbench.Kernel.Lib.RbStats();
        b.Td.lwp_proc.p_vkernel!.root.Stats = stats;
        b.AssertInvariants();
        Workbench.Kernel.Observe.Census.Take(b.M);
        Assert.Equal(0, stats.Compares);
        Assert.Equal(0, stats.Finds);
    }
}
