// Options of "workbench run", as bound from the command line (RunCommandLine.cs defines and documents them).
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Command;

/// <summary>Parsed options of <c>workbench run</c>. Immutable after binding.</summary>
public sealed record RunOptions
{
    public IReadOnlyList<string> Paths { get; init; } = [];
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "notebooks");
    public string? JUnitPath { get; init; }
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>From <c>-f FILE</c> first, then every <c>-p</c> in order (a later value of a name wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];
    public bool AllowErrors { get; init; }
    public int Workers { get; init; } = 1;
    public long MemoryLimitBytes { get; init; } = WorkerStartInfo.DefaultMemoryLimitBytes;
    public long MaxOutput { get; init; } = Runner.RunSettings.DefaultMaxOutput;
    public bool NoInput { get; init; }
    public bool TableOfContents { get; init; }
    public bool InlinePlotlyJs { get; init; } = true;
    public bool StaticImages { get; init; }

    /// <summary><c>--cwd DIR</c>: the kernels' working directory instead of each notebook's folder (papermill's --cwd).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary><c>--prepare-only</c>: write the parametrised notebooks to the output folder without running them.</summary>
    public bool PrepareOnly { get; init; }

    /// <summary><c>--log-output</c>: stream each cell's stdout and stderr to the console as it runs.</summary>
    public bool LogOutput { get; init; }

    /// <summary><c>--heartbeat SECONDS</c>: a "still running" line this often during a long cell (0: never).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Parses <paramref name="args"/> (the words after <c>run</c>) with the same parser the CLI uses; bad usage is a
    /// <see cref="FormatException"/> with a one-line message, an unreadable <c>-f</c> file a
    /// <see cref="NotebookInputException"/>. Help and version are the CLI's business, not handled here.
    /// </summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var line = new RunCommandLine();
        var root = new System.CommandLine.RootCommand { line.CreateCommand("run") };
        var parse = root.Parse(["run", .. RunCommandLine.JoinParameterPairs(args)]);
        if (parse.Errors.Count > 0) throw new FormatException(parse.Errors[0].Message);
        return line.Bind(parse);
    }
}
