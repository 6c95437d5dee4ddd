// datasets/regressions: every failure `workbench fuzz` found, shrunk to a scenario. Each must now replay without a
// model failure (the bug stays fixed). The folder exists even while it holds no scenario.
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

public class RegressionTests
{
    static string Dir => Path.Combine(ScenarioFiles.RepoRoot, "datasets", "regressions");

    public static TheoryData<string> Files()
    {
        var d = new TheoryData<string>();
        if (Directory.Exists(Dir))
            foreach (var f in Directory.GetFiles(Dir, "*.scn").Select(Path.GetFileName).Order(StringComparer.Ordinal)) d.Add(f!);
        if (d.Count == 0) d.Add(""); // no regression yet: the theory still runs and checks the folder
        return d;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void every_regression_scenario_replays_without_a_model_failure(string name)
    {
        Assert.True(Directory.Exists(Dir), $"{Dir} is missing (workbench fuzz writes its shrunk failures there)");
        if (name == "") return;
        var path = Path.Combine(Dir, name);
        // The header names the machine seed the failure was found with: "# replay: workbench replay --seed N FILE".
        var seedLine = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("# replay: workbench replay --seed ", StringComparison.Ordinal));
        ulong seed = seedLine is null ? 1 : ulong.Parse(seedLine.Split(' ')[5], System.Globalization.CultureInfo.InvariantCulture);
        var r = Replayer.RunStreamed(path, new ReplayOptions { Seed = seed, Retain = false });
        Assert.True(r.ModelFailure is null && r.Error is null, $"{name}: {r.ModelFailure}{r.Error?.Message}");
    }
}
