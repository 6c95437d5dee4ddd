// Runs `workbench ARGS` in-process (Program.Run with string writers) and finds the repository's files.
namespace Workbench.Cli.Tests;

/// <summary>One invocation's exit code and output.</summary>
sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The repository root (the folder holding Workbench.sln).</summary>
    public static string Root { get; } = FindRoot();

    public static string Repo(string relative) => Path.Combine(Root, relative);

    public static string Fixture(string name) => Repo(Path.Combine("tests", "Workbench.Notebooks.Tests", "fixtures", name));

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "workbench-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln"))) return d.FullName;
        throw new InvalidOperationException("Workbench.sln not found above " + AppContext.BaseDirectory);
    }
}
