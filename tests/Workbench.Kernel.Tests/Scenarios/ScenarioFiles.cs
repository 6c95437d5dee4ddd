// Locates the scenario dataset (datasets/scenarios) from the test binary, so the theories below discover every .scn.
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

/// <summary>The checked-in scenario scripts and their golden traces.</summary>
static class ScenarioFiles
{
    /// <summary>The directory that holds Workbench.sln, found by walking up from the test binary.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The path every trace header names: relative, so traces do not depend on the checkout's location.</summary>
    public const string RelativeDir = "datasets/scenarios";

    public static string Dir => Path.Combine(RepoRoot, "datasets", "scenarios");

    static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln")))
                return d.FullName;
        throw new InvalidOperationException($"Workbench.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Every scenario name (file name without .scn), in ordinal order.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.Exists(Dir)
            ? Directory.GetFiles(Dir, "*.scn").Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .OrderBy(n => n, StringComparer.Ordinal).ToList()
            : [];

    /// <summary>xunit data: one row per scenario.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names()) data.Add(n);
        return data;
    }

    /// <summary>Parses NAME.scn under the relative name the golden trace was made with.</summary>
    public static Script Load(string name) =>
        Script.Parse(File.ReadAllText(Path.Combine(Dir, name + ".scn")), $"{RelativeDir}/{name}.scn");

    /// <summary>Replays NAME.scn with the default options (seed 1, invariants checked after every event).</summary>
    public static ReplayResult Replay(string name) => Replayer.Run(Load(name));

    public static string TracePath(string name) => Path.Combine(Dir, name + ".trace");
}
