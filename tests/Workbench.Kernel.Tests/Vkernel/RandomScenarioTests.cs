using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Vkernel;

/// <summary>Property tests: thousands of random scenarios (random and hostile arguments, several processes and LWPs,
/// forks, execs and exits) with the invariant checker after every event and an empty census at the end. Each
/// generated script is also replayed through the parser and replayer and must reproduce every result.</summary>
public class RandomScenarioTests
{
    public static TheoryData<ulong> Seeds()
    {
        var d = new TheoryData<ulong>();
        for (ulong s = 1; s <= 40; s++) d.Add(s * 7919);
        return d;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void random_scenarios_keep_every_invariant_and_leave_nothing_after_the_last_exit(ulong seed)
    {
        for (ulong k = 0; k < 50; k++)
        {
            var r = Fuzzer.Run(seed * 1000 + k, steps: 120);
            Assert.True(r.Failure is null, $"seed {r.Seed}: {r.Failure}\n--- replay this script with `workbench replay`:\n{r.Script}");
            Assert.True(r.Census.IsEmpty, $"seed {r.Seed}: {r.Census}");
        }
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    public void a_generated_script_replays_to_the_same_results_through_the_scenario_language(ulong seed)
    {
        var r = Fuzzer.Run(seed, steps: 300);
        Assert.Null(r.Failure);
        var replay = Replayer.Run(Script.Parse(r.Script, $"fuzz-{seed}.scn"));
        Assert.True(replay.ExitCode == 0,
            string.Join("\n", replay.Mismatches.Select(x => x.ToString())) + replay.Error?.Message + replay.ModelFailure + "\n" + r.Script);
        Assert.Equal(r.Events, replay.Events.Count);
    }

    [Fact]
    public void the_same_seed_generates_the_same_script_byte_for_byte()
    {
        Assert.Equal(Fuzzer.Run(99, 200).Script, Fuzzer.Run(99, 200).Script);
        Assert.NotEqual(Fuzzer.Run(99, 200).Script, Fuzzer.Run(100, 200).Script);
    }
}
