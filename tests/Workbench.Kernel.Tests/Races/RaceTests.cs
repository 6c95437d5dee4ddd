// The races of spec §7.2 as the explorer finds them: each on the design that had it, each gone on the design that
// fixed it, by exhaustive exploration (every schedule, no preemption bound: the runs report Complete). The seed's own
// concurrency findings (B4, B9) are reachable outcomes, not failures. Every replayed machine ends with a teardown
// whose census must be empty (the explorer's clean-teardown verdict), which is the census check of these tests.
using Workbench.Kernel.Tests.Scenarios;
using Workbench.Kernel.Vkernel.Designs;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Races;

public class RaceTests
{
    static Script Load(string name) =>
        Script.Parse(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "datasets", "races", name + ".scn")), $"datasets/races/{name}.scn");

    static ExploreResult Explore(string name, string kernel, bool reduction = true)
    {
        var r = Explorer.Run(Load(name), new ExploreOptions { Kernel = KernelDesign.Find(kernel)!, Reduction = reduction });
        Assert.Null(r.Error);
        Assert.True(r.Complete, $"{name} on {kernel}: the exhaustive search did not finish within its budget ({r.Runs} runs)");
        return r;
    }

    static bool Has(ExploreResult r, string kind, string text) =>
        r.Failures.Any(f => f.FailureKind == kind && f.Failure!.Contains(text, StringComparison.Ordinal));

    static string Replay(string name, string kernel, string schedule) =>
        Replayer.Run(Load(name), new ReplayOptions { Kernel = KernelDesign.Find(kernel)!, Schedule = schedule }).Trace;

    [Fact]
    public void vmspace_destroy_returns_EBUSY_while_a_blocked_vmspace_mmap_holds_its_ref_on_the_seed()
    {
        var r = Explore("b4_destroy_ebusy", "seed");
        Assert.Empty(r.Failures);
        var busy = Assert.Single(r.Outcomes, o => o.Key.Contains("line 10: vmspace_destroy = -1 EBUSY", StringComparison.Ordinal));
        Assert.Contains("line 13: vmspace_destroy = 0", busy.Key, StringComparison.Ordinal); // transient: the retry succeeds
        Assert.Contains(") = -1 EBUSY (Device busy)", Replay("b4_destroy_ebusy", "seed", busy.Schedule), StringComparison.Ordinal);
    }

    [Fact]
    public void vmspace_create_of_the_same_id_succeeds_while_vmspace_destroy_is_blocked_in_its_teardown_on_the_seed()
    {
        var r = Replayer.Run(Load("b9_create_during_destroy"));
        Assert.Equal(0, r.ExitCode);
        var lines = r.Trace.Split('\n');
        int unfinished = Array.FindIndex(lines, l => l == "[pid 1] vmspace_destroy(0x1000 <unfinished ...>");
        int created = Array.FindIndex(lines, l => l == "[pid 2] vmspace_create(0x1000, 0, 0) = 0");
        int resumed = Array.FindIndex(lines, l => l == "[pid 1] <... vmspace_destroy resumed>) = 0");
        Assert.True(unfinished >= 0 && unfinished < created && created < resumed, r.Trace);
    }

    [Fact]
    public void C1_a_cache_hit_during_vmspace_destroy_uses_the_torn_down_vmspace_on_d95d5e03_and_not_on_76f1911e()
    {
        Assert.True(Has(Explore("c1_cache_hit_during_destroy", "d95d5e03"), "panic", "NULL pointer dereference"));
        Assert.False(Has(Explore("c1_cache_hit_during_destroy", "76f1911e"), "panic", "NULL pointer dereference"));
        Assert.Empty(Explore("c1_cache_hit_during_destroy", "seed").Failures);
    }

    [Fact]
    public void C2_vmspace_destroy_EBUSY_drops_a_cache_ref_it_never_took_on_76f1911e_and_not_on_07511847()
    {
        Assert.True(Has(Explore("c1_cache_hit_during_destroy", "76f1911e"), "invariant", "cache_refs=0 deleted=False instead of 1 and 1"));
        Assert.False(Has(Explore("c1_cache_hit_during_destroy", "07511847"), "invariant", "cache_refs=0"));
    }

    [Fact]
    public void C3_a_stale_cache_drop_frees_the_entry_under_vmspace_destroy_on_07511847_and_not_on_98e80c61()
    {
        Assert.True(Has(Explore("c1_cache_hit_during_destroy", "07511847"), "use after free", "KASAN: use-after-free of ve(id=0x1000"));
        Assert.DoesNotContain(Explore("c1_cache_hit_during_destroy", "98e80c61").Failures, f => f.FailureKind == "use after free");
    }

    [Fact]
    public void C4_two_cache_drops_both_free_the_entry_on_98e80c61_and_not_on_1e0d343f()
    {
        Assert.True(Has(Explore("c4_cache_switch_during_destroy", "98e80c61"), "use after free", "KASAN"));
        Assert.Empty(Explore("c4_cache_switch_during_destroy", "1e0d343f").Failures);
        Assert.Empty(Explore("c4_cache_switch_during_destroy", "seed").Failures);
    }

    [Fact]
    public void C5_vmspace_destroy_EBUSY_keeps_its_find_ref_on_1e0d343f_and_the_exit_panics_but_not_on_the_seed()
    {
        var final = Explore("c5_ebusy_leaks_find_ref", "1e0d343f");
        var leak = Assert.Single(final.Failures);
        Assert.Contains("line 11: vmspace_destroy = -1 EBUSY", leak.Key, StringComparison.Ordinal);
        // The leaked ref makes the last process's exit panic in rb_vmspace_delete, as the 2017 code does.
        var r = Replayer.Run(Load("c5_ebusy_leaks_find_ref"), new ReplayOptions { Kernel = KernelDesign.Find("1e0d343f")!, Schedule = leak.Schedule, CheckInvariants = false });
        var panic = Assert.Throws<Workbench.Kernel.Sys.KernelPanicException>(() => Shutdown.ExitAll(r.Machine));
        Assert.Contains("rb_vmspace_delete: invalid refs", panic.Message, StringComparison.Ordinal);
        Assert.Empty(Explore("c5_ebusy_leaks_find_ref", "seed").Failures);
    }

    static bool Reaches(string name, string kernel, string text) =>
        Explore(name, kernel).Outcomes.Any(o => o.Failure is null && o.Key.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void A2_the_blind_A_M_write_back_overwrites_the_vkernels_zeroed_vpte_before_5947157e_and_not_after()
    {
        const string lostUpdate = "line 25: peek = 0x60"; // A|M, no V, where the vkernel stored 0
        Assert.True(Reaches("a2_vpte_writeback", "seed", lostUpdate));
        Assert.True(Reaches("a2_vpte_writeback", "07511847", lostUpdate));
        Assert.False(Reaches("a2_vpte_writeback", "5947157e", lostUpdate));
        Assert.False(Reaches("a2_vpte_writeback", "fc531fbc", lostUpdate));
    }

    [Fact]
    public void A3_a_shared_MADV_INVAL_lets_an_in_flight_fault_enter_a_stale_translation_from_76f1911e_until_fc531fbc()
    {
        const string stale = "lwps_in_vmspace=1 map_entries=1 resident_pages=1"; // entered after the INVAL, over a zero vpte
        Assert.False(Reaches("a3_inval_vs_fault", "seed", stale));
        Assert.False(Reaches("a3_inval_vs_fault", "d95d5e03", stale));
        Assert.True(Reaches("a3_inval_vs_fault", "76f1911e", stale));
        Assert.True(Reaches("a3_inval_vs_fault", "1e0d343f", stale));
        Assert.False(Reaches("a3_inval_vs_fault", "fc531fbc", stale));
    }

    [Fact]
    public void A1_the_seed_serialises_lookups_on_its_tokens_and_the_final_2017_design_scales_with_the_vkernel_cpus()
    {
        var seed = Contention.Run(KernelDesign.Seed, 8, 10);
        var y2013 = Contention.Run(KernelDesign.Find("2013")!, 8, 10);
        var final = Contention.Run(KernelDesign.Find("1e0d343f")!, 8, 10);
        Assert.Equal(0, Contention.Run(KernelDesign.Seed, 1, 5).TokenWaits); // one CPU never waits
        Assert.True(seed.TokenWaitsPerCall > y2013.TokenWaitsPerCall, $"{seed} vs {y2013}");
        Assert.Equal(0, final.TokenWaits); // a cache hit takes no token
        Assert.True(final.LookupsPer1000Rounds > y2013.LookupsPer1000Rounds && y2013.LookupsPer1000Rounds > seed.LookupsPer1000Rounds,
            $"{seed.LookupsPer1000Rounds} {y2013.LookupsPer1000Rounds} {final.LookupsPer1000Rounds}");
    }

    [Fact]
    public void every_design_names_its_commit_and_derives_from_the_one_before()
    {
        var all = KernelDesign.All;
        Assert.Equal(["seed", "a86ce0cd", "d95d5e03", "76f1911e", "07511847", "5947157e", "98e80c61", "1e0d343f", "fc531fbc"], all.Select(d => d.Name));
        for (int i = 1; i < all.Count; i++) Assert.Same(all[i - 1], all[i].Previous);
        Assert.Same(all[1], KernelDesign.Find("2013"));
        Assert.Null(KernelDesign.Find("nope"));
    }

    [Theory]
    [InlineData("c1_cache_hit_during_destroy", "d95d5e03")]
    [InlineData("c1_cache_hit_during_destroy", "76f1911e")]
    [InlineData("c4_cache_switch_during_destroy", "98e80c61")]
    public void every_failing_schedule_replays_to_the_same_failure_and_a_byte_identical_trace(string name, string kernel)
    {
        foreach (var f in Explore(name, kernel).Failures)
        {
            var once = Replay(name, kernel, f.Schedule);
            Assert.Equal(once, Replay(name, kernel, f.Schedule));
            Assert.Contains(f.Failure!.Split(": panic at teardown")[0].Split("\n")[0][..40], once, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("b4_destroy_ebusy", "seed")]
    [InlineData("c1_cache_hit_during_destroy", "d95d5e03")]
    [InlineData("c1_cache_hit_during_destroy", "07511847")]
    [InlineData("c5_ebusy_leaks_find_ref", "1e0d343f")]
    [InlineData("a2_vpte_writeback", "seed")]
    [InlineData("a3_inval_vs_fault", "76f1911e")]
    public void sleep_set_reduction_finds_the_same_outcomes_as_plain_exhaustive_search(string name, string kernel)
    {
        var reduced = Explore(name, kernel);
        var plain = Explore(name, kernel, reduction: false);
        Assert.Equal(plain.Outcomes.Select(o => o.Key).Order(StringComparer.Ordinal), reduced.Outcomes.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.True(reduced.Runs <= plain.Runs);
    }

    [Fact]
    public void a_sequential_script_keeps_its_trace_whatever_the_schedule_option()
    {
        var script = Script.Parse("sysctl(\"vm.vkernel_enable\", 1) = 0\nvmspace_create(0x1000, 0, 0) = 0\n", "s.scn");
        Assert.Equal(Replayer.Run(script).Trace, Replayer.Run(script, new ReplayOptions { Schedule = "2*3" }).Trace);
        Assert.DoesNotContain("# schedule", Replayer.Run(script).Trace, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parallel {\n[pid 1] fork() = ?\n", 1, "never closed")]
    [InlineData("parallel {\nparallel {\n", 2, "do not nest")]
    [InlineData("}\n", 1, "without an open parallel block")]
    [InlineData("parallel {\nfork() = ?\n}\n", 2, "names its thread")]
    [InlineData("parallel {\n[pid 1] fork() = ?\n}\nschedule \"1\"\n", 4, "before the first parallel block")]
    [InlineData("schedule \"1*x\"\n", 1, "bad schedule item")]
    public void a_bad_block_or_schedule_line_is_a_script_error_naming_its_line(string text, int line, string why)
    {
        var e = Assert.Throws<ScriptException>(() => Script.Parse(text, "t.scn"));
        Assert.Equal(line, e.Line);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_line_that_only_some_schedules_make_impossible_is_an_outcome_not_an_error()
    {
        // If the destroy runs first, LWP 2's RUN finds no vmspace and its guest_trap has no emulated context to leave.
        var script = Script.Parse("""
            sysctl("vm.vkernel_enable", 1) = 0
            r1 = mmap(0, 0x2000, PROT_READ|PROT_WRITE, MAP_ANON|MAP_PRIVATE, -1, 0) = ?
            vmspace_create(0x1000, 0, 0) = 0
            r2 = lwp_create() = 2
            parallel {
              [pid r2] vmspace_ctl(0x1000, VMSPACE_CTL_RUN, r1, r1+0x1000) = ?
              [pid r2] guest_trap(T_FAST_SYSCALL) = ?
              [pid 1] vmspace_destroy(0x1000) = ?
            }
            """, "impossible.scn");
        var r = Explorer.Run(script, new ExploreOptions());
        Assert.Null(r.Error);
        Assert.True(r.Complete);
        Assert.Empty(r.Failures);
        Assert.Contains(r.Outcomes, o => o.Key.Contains("impossible: impossible.scn:7: guest_trap on thread 2, which is not running in a vmspace", StringComparison.Ordinal));
        Assert.Contains(r.Outcomes, o => o.Key.Contains("line 8: vmspace_destroy = -1 EBUSY", StringComparison.Ordinal));
    }

    [Fact]
    public void a_schedule_naming_a_thread_that_cannot_run_is_a_script_error()
    {
        var r = Replayer.Run(Load("b4_destroy_ebusy"), new ReplayOptions { Schedule = "7" });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("thread 7", r.Error!.Message, StringComparison.Ordinal);
    }
}
