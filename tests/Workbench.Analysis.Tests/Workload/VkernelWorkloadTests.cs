// The realistic workload: seeded, shaped like spec §6 (RUN and INVAL dominate, guest-pmap ids, refs bounded by CPUs).
using Workbench.Analysis;
using Workbench.Analysis.Workload;
using Workbench.Guest;

namespace Workbench.Analysis.Tests.Workload;

public class VkernelWorkloadTests
{
    static readonly WorkloadOptions Small = new() { Seed = 11, Vkernels = 3, CpusPerVkernel = 3, Steps = 3_000 };

    [Fact]
    public void the_same_seed_gives_the_same_calls_and_a_different_seed_different_ones()
    {
        var a = VkernelWorkload.Run(Small).Recorder!.ToDataFrame();
        var b = VkernelWorkload.Run(Small).Recorder!.ToDataFrame();
        Frames.AssertEqual(a, b);
        var c = VkernelWorkload.Run(Small with { Seed = 12 }).Recorder!.ToDataFrame();
        Assert.NotEqual(FrameColumns.Longs(a, "arg0"), FrameColumns.Longs(c, "arg0"));
    }

    [Fact]
    public void vmspace_ctl_guest_traps_and_mcontrol_dominate_the_mix_as_in_spec_6()
    {
        var run = VkernelWorkload.Run(Small);
        var call = FrameColumns.Strings(run.Recorder!.ToDataFrame(), "call");
        double Share(string n) => call.Count(c => c == n) / (double)call.Length;
        Assert.True(Share("vmspace_ctl") > 0.3, $"vmspace_ctl share {Share("vmspace_ctl"):0.00} instead of > 0.3");
        Assert.True(Share("guest_trap") > 0.3, $"guest_trap share {Share("guest_trap"):0.00} instead of > 0.3");
        Assert.True(Share("vmspace_mcontrol") > 0.05, $"vmspace_mcontrol share {Share("vmspace_mcontrol"):0.00}");
        Assert.Equal(0, call.Count(c => c is "vmspace_munmap" or "vmspace_pread" or "vmspace_pwrite")); // the vkernel never calls them
    }

    [Fact]
    public void ids_are_guest_pmap_addresses_in_the_kva_window_and_are_reused_after_destroy()
    {
        var df = VkernelWorkload.Run(Small).Recorder!.ToDataFrame();
        var call = FrameColumns.Strings(df, "call");
        var id = FrameColumns.ULongs(df, "arg0");
        var creates = Enumerable.Range(0, call.Length).Where(i => call[i] == "vmspace_create").Select(i => id[i]).ToList();
        Assert.All(creates, x =>
        {
            Assert.InRange(x, GuestPmapIds.KvaBase, GuestPmapIds.KvaBase + (2UL << 30));
            Assert.Equal(GuestPmapIds.PmapOffset, (x - GuestPmapIds.KvaBase) % GuestPmapIds.SlabStride % GuestPmapIds.StructSize);
        });
        Assert.True(creates.Count > creates.Distinct().Count(), "no id was reused after a destroy");
    }

    [Fact]
    public void ve_refs_never_exceed_the_cpus_and_every_EBUSY_met_a_running_cpu()
    {
        var run = VkernelWorkload.Run(Small);
        var df = run.Recorder!.ToDataFrame();
        Assert.InRange(FrameColumns.Refs(df, "ve_refs_after").Max(), 1, Small.CpusPerVkernel);
        var errno = FrameColumns.Strings(df, "errno");
        var before = FrameColumns.Refs(df, "ve_refs_before");
        var busy = Enumerable.Range(0, errno.Length).Where(i => errno[i] == "EBUSY").ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, i => Assert.True(before[i] > 0, $"EBUSY at row {i} with refs {before[i]}"));
        Assert.All(errno.Where(e => e is not null), e => Assert.True(e is "EBUSY" or "EJUSTRETURN", $"unexpected errno {e}"));
    }

    [Fact]
    public void every_vkernel_exits_at_the_end_and_leaves_no_vmspace_or_ref()
    {
        var run = VkernelWorkload.Run(Small);
        Assert.Equal((0, 0, 0L), (run.Census.Vkernels, run.Census.Vmspaces, run.Census.Refs));
        Assert.Equal(1, run.Census.Procs); // init
    }

    [Fact]
    public void recording_off_issues_the_same_number_of_events()
    {
        var on = VkernelWorkload.Run(Small);
        var off = VkernelWorkload.Run(Small, record: false);
        Assert.Null(off.Recorder);
        Assert.Equal(on.Events, off.Events);
        Assert.Equal(on.Machine.Tick, off.Machine.Tick);
    }

    [Fact]
    public void guest_pmap_ids_come_from_slabs_and_freed_ids_are_reused_last_in_first_out()
    {
        var ids = new GuestPmapIds(1);
        var first = Enumerable.Range(0, (int)GuestPmapIds.ObjectsPerSlab + 1).Select(_ => ids.Allocate()).ToList();
        Assert.Equal(GuestPmapIds.StructSize, first[1] - first[0]);
        Assert.Equal(GuestPmapIds.SlabStride, first[^1] - first[0]); // the next slab
        ids.Free(first[3]); ids.Free(first[5]);
        Assert.Equal(first[5], ids.Allocate());
        Assert.Equal(first[3], ids.Allocate());
    }

    [Fact]
    public void invalid_options_name_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => VkernelWorkload.Run(new WorkloadOptions { CpusPerVkernel = 0 }));
        Assert.Equal("CpusPerVkernel", e.ParamName);
    }
}
