// Where the repository, the notebooks and the Jupyter tooling are, seen from the test host.
namespace Workbench.Lab.Tests;

/// <summary>Paths the tests use. The repository root is the nearest ancestor holding Workbench.sln.</summary>
internal static class RepoPaths
{
    internal static string Root { get; } = FindRoot();

    internal static string Fixtures => Path.Combine(Root, "tests", "Workbench.Lab.Tests", "fixtures");

    internal static string Notebooks => Path.Combine(Root, "notebooks");

    internal static string InstallScript => Path.Combine(Root, "tests", "Workbench.Lab.Tests", "install-jupyter.sh");

    /// <summary>$WORKBENCH_HOME or ~/.workbench, as in install-jupyter.sh.</summary>
    internal static string WorkbenchHome =>
        Environment.GetEnvironmentVariable("WORKBENCH_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".workbench");

    internal static string JupyterPath => Path.Combine(WorkbenchHome, "jupyter");

    internal static string KernelSpec => Path.Combine(JupyterPath, "kernels", ".net-csharp", "kernel.json");

    /// <summary>Debian's jupyter (its modules live under /usr/bin/python3, not a pyenv python).</summary>
    internal static string Jupyter => "/usr/bin/jupyter";

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Workbench.sln above {AppContext.BaseDirectory}");
    }
}
