// The recorder at syscall2: one row per call and guest event, C names and errno names, refs before and after.
using Workbench.Analysis;
using Workbench.Guest;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Tests.Recorder;

public class SyscallRecorderTests
{
    [Fact]
    public void records_one_row_per_system_call_and_guest_event_in_sequence()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.Run(v.Td, 0x1000);
        v.M.GuestTrap(v.Td, Vk.T_FAST_SYSCALL);
        var df = v.Rec.ToDataFrame();
        // fork, mmap, create, ctl, trap
        Assert.Equal(5, df.Rows.Count);
        Assert.Equal(new[] { "fork", "mmap", "vmspace_create", "vmspace_ctl", "guest_trap" }, Enumerable.Range(0, 5).Select(i => (string)df["call"][i]));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, Enumerable.Range(0, 5).Select(i => (long)df["seq"][i]));
        Assert.Equal(2, (int)df["pid"][3]);
        Assert.Equal(2, (int)df["tid"][4]);
    }

    [Fact]
    public void errno_is_the_C_name_only_on_failure_and_result_kind_tells_a_run_EJUSTRETURN_from_an_error()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceDestroy(v.Td, 0x2000);
        v.Run(v.Td, 0x1000);
        var df = v.Rec.ToDataFrame();
        Assert.Null(df["errno"][2]);
        Assert.Equal("EEXIST", df["errno"][3]);
        Assert.Equal(-1L, df["result"][3]);
        Assert.Equal("ENOENT", df["errno"][4]);
        Assert.Null(df["errno"][5]); // a successful VMSPACE_CTL_RUN is not an error
        Assert.Equal(["ok", "error", "error", "justreturn"], Enumerable.Range(2, 4).Select(i => (string)df["result_kind"][i]));
        Assert.Equal(2, FrameColumns.Strings(df, "errno").Count(e => e is not null)); // counting errno counts failures
    }

    [Fact]
    public void vmspace_create_records_no_entry_before_and_refs_0_after()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        var (df, r) = v.Last();
        Assert.Null(df["ve_refs_before"][r]); // not applicable: null, never a sentinel that would skew a mean
        Assert.Equal(0, df["ve_refs_after"][r]);
        Assert.Equal(0x1000UL, df["ve_id"][r]);
        Assert.Equal(1, df["vkp_refs"][r]);
        Assert.NotEqual(0, df["vkernel"][r]);
    }

    [Fact]
    public void vmspace_ctl_RUN_takes_ve_refs_from_0_to_1_and_guest_trap_drops_it_back()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.Run(v.Td, 0x1000);
        v.M.GuestTrap(v.Td, Vk.T_PAGEFLT);
        var df = v.Rec.ToDataFrame();
        Assert.Equal((0, 1), ((int)df["ve_refs_before"][3], (int)df["ve_refs_after"][3]));
        Assert.Equal((1, 0), ((int)df["ve_refs_before"][4], (int)df["ve_refs_after"][4]));
        Assert.Equal(0x1000UL, df["ve_id"][4]);
    }

    [Fact]
    public void vmspace_destroy_returns_EBUSY_with_refs_unchanged_while_an_lwp_runs_in_it()
    {
        var v = new Vkernel();
        var cpu1 = v.M.FindLwp((int)v.M.LwpCreate(v.Td).Value)!;
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.Run(cpu1, 0x1000, cpu: 1);
        v.M.VmspaceDestroy(v.Td, 0x1000);
        var (df, r) = v.Last();
        Assert.Equal("EBUSY", df["errno"][r]);
        Assert.Equal((1, 1), ((int)df["ve_refs_before"][r], (int)df["ve_refs_after"][r]));
        v.M.GuestTrap(cpu1, 0);
        v.M.VmspaceDestroy(v.Td, 0x1000);
        (df, r) = v.Last();
        Assert.Null(df["errno"][r]);
        Assert.Equal((0, 0), ((int)df["ve_refs_before"][r], (int)df["ve_refs_after"][r]));
    }

    [Fact]
    public void vmspace_mcontrol_drops_its_temporary_ref_so_refs_before_equal_refs_after()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceMmap(v.Td, 0x1000, 0, 0x10000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0);
        v.M.VmspaceMcontrol(v.Td, 0x1000, 0, 0x1000, MADV_INVAL);
        var (df, r) = v.Last();
        Assert.Null(df["errno"][r]);
        Assert.Equal((0, 0), ((int)df["ve_refs_before"][r], (int)df["ve_refs_after"][r]));
        Assert.Equal(1, df["map_entries"][r]);
    }

    [Fact]
    public void exit_with_an_active_VC_records_the_running_entry_dropping_to_0()
    {
        var v = new Vkernel();
        var cpu1 = v.M.FindLwp((int)v.M.LwpCreate(v.Td).Value)!;
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.Run(cpu1, 0x1000, cpu: 1);
        v.M.Exit(v.Td, 0);
        var (df, r) = v.Last();
        Assert.Equal("exit", df["call"][r]);
        Assert.Equal(0x1000UL, df["ve_id"][r]);
        Assert.Equal((1, 0), ((int)df["ve_refs_before"][r], (int)df["ve_refs_after"][r]));
        Assert.Equal(0, df["vkp_refs"][r]);
        Assert.Contains(v.M.Messages, m => m.Contains("killed with active VC", StringComparison.Ordinal));
    }

    [Fact]
    public void fork_of_a_vkernel_records_vkp_refs_2_after_vkernel_inherit()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.Fork(v.Td);
        var (df, r) = v.Last();
        Assert.Equal(2, df["vkp_refs"][r]);
    }

    [Fact]
    public void tree_compares_count_the_calls_descent_and_never_the_recorders_own_lookups()
    {
        var v = new Vkernel();
        foreach (ulong id in new ulong[] { 0x1000, 0x2000, 0x3000 }) v.M.VmspaceCreate(v.Td, id);
        v.M.VmspacePread(v.Td, 0x2000); // the root after three inserts: one compare
        v.M.VmspacePread(v.Td, 0x3000); // a leaf: two compares
        var df = v.Rec.ToDataFrame();
        long n = df.Rows.Count;
        Assert.Equal(3, df["tree_size"][n - 1]);
        Assert.Equal((1, 1), ((int)df["rb_compares"][n - 2], (int)df["rb_depth"][n - 2]));
        Assert.Equal((2, 2), ((int)df["rb_compares"][n - 1], (int)df["rb_depth"][n - 1]));
        Assert.Equal(1, df["rb_rotations"][n - 3]); // the third sequential insert rotates once
    }

    [Fact]
    public void detaching_the_recorder_stops_recording_and_never_touched_the_tree_counters()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceCreate(v.Td, 0x2000);
        Assert.Same(v.M.TreeStats, v.Td.lwp_proc.p_vkernel!.root.Stats); // the model's own counters
        v.Rec.Detach();
        Assert.Same(v.M.TreeStats, v.Td.lwp_proc.p_vkernel!.root.Stats);
        int before = v.Rec.Count;
        v.M.VmspaceCreate(v.Td, 0x3000);
        Assert.Equal(before, v.Rec.Count);
        Assert.Equal(before, v.Rec.ToDataFrame().Rows.Count);
    }

    [Fact]
    public void disposing_the_recorder_releases_its_rows_and_a_new_recorder_starts_clean()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.Rec.Dispose();
        Assert.Equal(0, v.Rec.Count);
        Assert.Throws<ObjectDisposedException>(() => v.Rec.AttachTo(v.M));
        var again = SyscallRecorder.Attach(v.M);
        v.M.VmspaceDestroy(v.Td, 0x1000);
        var df = again.ToDataFrame();
        Assert.Equal(1, df.Rows.Count);
        Assert.Equal(1L, df["seq"][0] is long s && s > 0 ? 1L : 0L);
        Assert.Equal((0, 0), ((int)df["ve_refs_before"][0], (int)df["ve_refs_after"][0]));
    }

    [Fact]
    public void tokens_and_blocking_points_are_the_calls_own()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        var (df, r) = v.Last();
        // proc_token (vkp install), mp_token, vkp->token; kmalloc vkp, kmalloc ve, vmspace_alloc... blocks
        Assert.Equal(3, df["tokens"][r]);
        Assert.Equal(v.M.LastCall!.Blocks.Count, (int)df["blocks"][r]);
    }

    [Fact]
    public void an_id_destroyed_and_created_again_reports_the_new_entry_not_the_freed_one()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceMmap(v.Td, 0x1000, 0, 0x10000, PROT_READ, MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0);
        v.Run(v.Td, 0x1000);
        v.M.GuestTrap(v.Td, 0);
        v.M.VmspaceDestroy(v.Td, 0x1000);
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.Run(v.Td, 0x1000);
        var (df, r) = v.Last();
        Assert.Equal((0, 1), ((int)df["ve_refs_before"][r], (int)df["ve_refs_after"][r]));
        Assert.Equal(0, df["map_entries"][r]); // the fresh vmspace, not the destroyed one's single entry
    }

    [Fact]
    public void two_vkernels_using_the_same_id_keep_separate_entries()
    {
        var v = new Vkernel();
        var other = v.M.FindLwp((int)v.M.Fork(v.M.Init!).Value)!;
        ulong frames2 = HostProtocol.AllocFrames(v.M, other, 1);
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceCreate(other, 0x1000);
        v.Run(v.Td, 0x1000);
        HostProtocol.go_user(v.M, other, 0x1000, frames2, _ => { });
        var (df, r) = v.Last();
        Assert.Equal((0, 1), ((int)df["ve_refs_before"][r], (int)df["ve_refs_after"][r]));
        Assert.NotEqual(df["vkernel"][r], df["vkernel"][r - 1]);
    }

    [Fact]
    public void two_recorders_on_one_machine_record_the_same_rows()
    {
        var second = new SyscallRecorder(seed: 21);
        var run = Workbench.Analysis.Workload.VkernelWorkload.Run(
            new Workbench.Analysis.Workload.WorkloadOptions { Seed = 21, Vkernels = 2, CpusPerVkernel = 3, Steps = 4_000 }, record: true, observer: second);
        Frames.AssertEqual(second.ToDataFrame(), run.Recorder!.ToDataFrame());
    }
}
