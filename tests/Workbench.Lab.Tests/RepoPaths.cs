// Where the repository and the notebooks are, seen from the test host (the Jupyter tooling: ../Shared/ExternalTools.cs).
namespace Workbench.Lab.Tests;

/// <summary>Paths the tests use. The repository root is the nearest ancestor holding Workbench.sln.</summary>
internal static class RepoPaths
{
    internal static string Root { get; } = FindRoot();

    internal static string Fixtures => Path.Combine(Root, "tests", "Workbench.Lab.Tests", "fixtures");

    internal static string Notebooks => Path.Combine(Root, "notebooks");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Workbench.sln above {AppContext.BaseDirectory}");
    }
}
