// The incremental invariant checker (Observe/InvariantChecker.cs) against the full one (Invariants.Check): the same
// sentences after every call of random programs, and on states broken on purpose in what the last call touched;
// what it does not look at is caught by its periodic and final full check.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Lib;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Vkernel;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Observe;

public class InvariantCheckerTests
{
    /// <summary>Runs both checkers after every observed call and keeps each step where they disagree.</summary>
    sealed class BothCheckers : ISyscallObserver
    {
        InvariantChecker? _incremental;
        public readonly List<string> Disagreements = new();
        public int Compared;

        public void OnEnter(Machine m, CallRecord call) => _incremental ??= new InvariantChecker(m, periodicFullCheck: false);

        public void OnExit(Machine m, CallRecord call)
        {
            var full = Invariants.Check(m).ToHashSet();
            var incremental = _incremental!.AfterCall().ToHashSet();
            Compared++;
            if (!full.SetEquals(incremental))
                Disagreements.Add($"seq {call.Seq} {call.Sysent.Name}: full [{string.Join("; ", full)}] instead of incremental [{string.Join("; ", incremental)}]");
        }
    }

    [Theory]
    [InlineData(101UL)]
    [InlineData(202UL)]
    [InlineData(303UL)]
    public void incremental_and_full_checkers_agree_after_every_call_of_random_programs(ulong seed)
    {
        int compared = 0;
        for (ulong k = 0; k < 20; k++)
        {
            var program = Fuzzer.Run(seed * 100 + k, steps: 150);
            var both = new BothCheckers();
            var r = Replayer.Run(Script.Parse(program.Script, $"fuzz-{seed * 100 + k}.scn"),
                                 new ReplayOptions { Seed = seed * 100 + k, Observers = [both] });
            Assert.True(r.ExitCode == 0, $"seed {seed * 100 + k}: exit {r.ExitCode} {r.ModelFailure}{r.Error?.Message}");
            Assert.True(both.Disagreements.Count == 0, $"seed {seed * 100 + k}: " + string.Join("\n", both.Disagreements));
            compared += both.Compared;
        }
        Assert.True(compared > 1000, $"only {compared} calls compared");
    }

    const string Setup = """
        sysctl("vm.vkernel_enable", 1) = 0
        vmspace_create(0x1000, 0, 0) = 0
        vmspace_mmap(0x1000, 0x400000, 0x2000, PROT_READ|PROT_WRITE, MAP_ANON|MAP_FIXED, -1, 0) = 0x400000
        vmspace_create(0x2000, 0, 0) = 0
        vmspace_create(0x3000, 0, 0) = 0
        """;

    static Machine Run()
    {
        var r = Replayer.Run(Script.Parse(Setup, "setup.scn"));
        Assert.Equal(0, r.ExitCode);
        return r.Machine;
    }

    static VmspaceEntry Ve(Machine m, ulong id) => m.Procs[1].p_vkernel!.root.RB_FOREACH().Single(v => v.id == id);

    public static TheoryData<string> Breakages() => new()
    {
        "entry refs", "entry map size", "vkernel refs", "red root", "vmspace_token held", "process map size",
        "lwp on a foreign address space", "entry freed",
    };

    /// <summary>Breaks what the last call (vmspace_create(0x3000)) touched.</summary>
    static void Break(Machine m, string how)
    {
        var ve = Ve(m, 0x3000);
        var vkp = m.Procs[1].p_vkernel!;
        switch (how)
        {
            case "entry refs": ve.refs = 1; break;
            case "entry map size": ve.vmspace!.vm_map.size += 0x1000; break;
            case "vkernel refs": vkp.refs++; break;
            case "red root": vkp.root.RB_ROOT!.rbe_color = RbNode<VmspaceEntry>.RB_RED; break;
            case "vmspace_token held": m.vmspace_token.Holder = m.Init; break;
            case "process map size": m.Procs[1].p_vmspace.vm_map.size += 0x1000; break;
            case "lwp on a foreign address space": m.Init!.lwp_vmspace = ve.vmspace!; break;
            case "entry freed": ve.Freed = true; break;
        }
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void incremental_checker_reports_what_the_full_one_reports_when_the_last_call_s_objects_break(string how)
    {
        var m = Run();
        Break(m, how);
        var full = Invariants.Check(m);
        var incremental = new InvariantChecker(m, periodicFullCheck: false).AfterCall();
        Assert.NotEmpty(full);
        Assert.Equal(full.Order(StringComparer.Ordinal), incremental.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void an_object_the_last_call_did_not_touch_is_caught_by_the_periodic_and_final_full_check()
    {
        var m = Run();
        Ve(m, 0x1000).vmspace!.vm_map.size += 0x1000; // vmspace_create(0x3000) did not touch ve 0x1000
        Assert.Empty(new InvariantChecker(m, periodicFullCheck: false).AfterCall());
        Assert.Contains(new InvariantChecker(m).Finish(), s => s.Contains("ve(id=0x1000", StringComparison.Ordinal));
        var periodic = new InvariantChecker(m);
        int calls = 1;
        while (periodic.AfterCall().Count == 0) Assert.True(++calls <= 64, "the periodic full check never ran");
        Assert.Equal(1, periodic.FullChecks);
    }

    [Fact]
    public void replay_with_the_checker_reports_a_broken_invariant_as_a_model_failure()
    {
        // Break state between events through an observer, as a model bug would.
        var breaker = new Breaker();
        var r = Replayer.Run(Script.Parse(Setup, "setup.scn"), new ReplayOptions { Observers = [breaker] });
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("setup.scn:5: invariant broken after this event: ve(id=0x3000, refs=7) refs=7 instead of 0", r.ModelFailure);
    }

    sealed class Breaker : ISyscallObserver
    {
        public void OnEnter(Machine m, CallRecord call) { }
        public void OnExit(Machine m, CallRecord call)
        {
            if (call.Sysent.Name == "vmspace_create" && call.Ve is { id: 0x3000 } ve) ve.refs = 7;
        }
    }
}
