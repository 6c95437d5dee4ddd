// Where the repository, its notebooks and the fixture notebooks are, found from the test assembly's folder.
namespace Workbench.Notebooks.Tests.Support;

static class Paths
{
    public static readonly string RepoRoot = FindRoot();

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "Workbench.Notebooks.Tests", "fixtures");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    public static string Notebooks => Path.Combine(RepoRoot, "notebooks");

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-nbtests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Paths: no Workbench.sln above {AppContext.BaseDirectory}");
    }
}
