// The scenario dataset as a test suite: every script replays with all its expectations met, its trace equals the
// checked-in golden trace byte for byte, and a replay is deterministic.
using System.Text;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

public class ScenarioDatasetTests
{
    public static TheoryData<string> Scenarios() => ScenarioFiles.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void every_scenario_replays_with_exit_code_0_and_every_expectation_matched(string name)
    {
        var r = ScenarioFiles.Replay(name);
        var why = new StringBuilder();
        foreach (var mm in r.Mismatches) why.Append(mm).Append('\n');
        if (r.Error is not null) why.Append("script error: ").Append(r.Error.Message).Append('\n');
        if (r.ModelFailure is not null) why.Append("model failure: ").Append(r.ModelFailure).Append('\n');
        Assert.True(r.ExitCode == 0, $"{name}.scn: exit code {r.ExitCode} instead of 0\n{why}");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void every_event_line_of_a_scenario_states_its_expected_result(string name)
    {
        var missing = ScenarioFiles.Load(name).Events.Where(e => e.Expect is null).Select(e => $"line {e.Line}: {e.Source}").ToList();
        Assert.True(missing.Count == 0, $"{name}.scn: events without '= expected':\n{string.Join("\n", missing)}");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void every_scenario_trace_equals_its_golden_trace_byte_for_byte(string name)
    {
        string path = ScenarioFiles.TracePath(name);
        Assert.True(File.Exists(path), $"{name}.trace is missing: run `dotnet run --project src/Workbench.Cli -- replay " +
            $"{ScenarioFiles.RelativeDir}/{name}.scn > {ScenarioFiles.RelativeDir}/{name}.trace` from the repo root");
        byte[] golden = File.ReadAllBytes(path);
        byte[] actual = Encoding.UTF8.GetBytes(ScenarioFiles.Replay(name).Trace);
        if (golden.AsSpan().SequenceEqual(actual)) return;
        Assert.Fail($"{name}.trace differs from the replay: {FirstDifference(Encoding.UTF8.GetString(golden), Encoding.UTF8.GetString(actual))}");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void replaying_the_same_scenario_twice_gives_identical_bytes(string name)
    {
        var first = ScenarioFiles.Replay(name);
        var second = ScenarioFiles.Replay(name);
        Assert.NotEmpty(first.Events);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Events.Select(e => (e.Seq, e.Tick, e.Line, e.Tid, e.Result)),
            second.Events.Select(e => (e.Seq, e.Tick, e.Line, e.Tid, e.Result)));
    }

    [Fact]
    public void the_dataset_has_one_scenario_per_vmspace_call_and_the_lifecycle_experiments_each_with_a_golden_trace()
    {
        string[] required =
        [
            "vmspace_create", "vmspace_destroy", "vmspace_ctl", "vmspace_mmap", "vmspace_munmap", "vmspace_mcontrol",
            "vmspace_pread_pwrite", "fork_exec_exit", "refs_ebusy_lifecycle", "vkernel_boot",
        ];
        var names = ScenarioFiles.Names();
        Assert.Empty(required.Except(names));
        var orphanTraces = Directory.GetFiles(ScenarioFiles.Dir, "*.trace").Select(Path.GetFileNameWithoutExtension).Except(names);
        Assert.Empty(orphanTraces);
    }

    [Fact]
    public void the_golden_traces_name_the_script_by_its_relative_path_and_seed_1()
    {
        foreach (var name in ScenarioFiles.Names())
        {
            string first = File.ReadLines(ScenarioFiles.TracePath(name)).First();
            Assert.Equal($"# replay {ScenarioFiles.RelativeDir}/{name}.scn seed=1", first);
        }
    }

    [Fact]
    public void the_vkernel_boot_scenario_ends_with_nothing_left_and_the_exit_scenarios_print_the_active_VC_warning()
    {
        Assert.True(ScenarioFiles.Replay("vkernel_boot").Census.IsEmpty);
        var fork = ScenarioFiles.Replay("fork_exec_exit");
        Assert.Equal(["Warning, pid 3 killed with active VC!", "Warning, pid 1 killed with active VC!", "Warning, pid 1 killed with active VC!"],
            fork.Machine.Messages);
        Assert.Equal(2, ScenarioFiles.Replay("refs_ebusy_lifecycle").Machine.Messages.Count(m => m == "Warning, pid 1 killed with active VC!"));
    }

    static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end of file>", al = i < a.Length ? a[i] : "<end of trace>";
            if (el != al) return $"line {i + 1}: the replay gave '{al}' instead of the golden '{el}'";
        }
        return "line endings or encoding differ";
    }
}
