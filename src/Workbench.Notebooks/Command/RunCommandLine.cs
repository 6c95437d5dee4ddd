// The command line of "workbench run" (System.CommandLine): every option with its help text, its parser and its
// check, and the binding to RunOptions. The CLI adds the action; tests parse through RunOptions.Parse, the same code.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Workbench.Notebooks.Parameters;

namespace Workbench.Notebooks.Command;

/// <summary>The options of <c>run</c> (one instance per command built). Not thread-safe; build, then parse.</summary>
public sealed class RunCommandLine
{
    public const string Description = """
        execute notebooks (.ipynb, .dib) headlessly; write OUTPUT/NAME.ipynb and OUTPUT/NAME.html for each
        Progress goes to stderr (a line when a code cell starts and ends, a heartbeat during long cells), a summary
        table to stdout. Files a notebook writes (Workbench.Lab's Notebook.OutputFile) go under --output too.
        SIZE is a number with an optional K, M or G suffix (powers of 1024).
        Exit codes: 0 all passed; 1 a cell failed, timed out, crashed or hit a limit; 2 bad input or usage, or an
        unwritable output (the message names the file and cell).
        """;

    public readonly Argument<string[]> Paths = new("PATH")
    {
        Description = "notebooks (.ipynb, .dib) or folders of them (not searched recursively)", Arity = ArgumentArity.OneOrMore,
    };

    public readonly Option<string> Output = new("--output", "-o")
    {
        Description = "where NAME.ipynb and NAME.html go", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine("artifacts", "notebooks"),
    };

    public readonly Option<double> Timeout = new("--timeout")
    {
        Description = "hard limit per cell in seconds; the worker and every process it started are killed when it passes",
        HelpName = "SECONDS", DefaultValueFactory = _ => 120,
        CustomParser = r => Number(r, 0, 86400, false, "--timeout expects seconds between 0 and 86400"),
    };

    public readonly Option<string> MemoryLimit = new("--memory-limit")
    {
        Description = "heap limit of each worker process (.NET runtime); a cell that needs more is reported as \"memory limit exceeded\"",
        HelpName = "SIZE", DefaultValueFactory = _ => "2G",
    };

    public readonly Option<string> MaxOutput = new("--max-output")
    {
        Description = "characters a cell's outputs may hold; the rest is dropped behind an \"output truncated\" marker",
        HelpName = "SIZE", DefaultValueFactory = _ => "4M",
    };

    public readonly Option<string[]> Parameter = new("--parameter", "-p")
    {
        Description = "set a parameter declared in the cell tagged 'parameters' (repeatable; papermill's -p NAME VALUE works too)",
        HelpName = "NAME=VALUE",
    };

    public readonly Option<string?> ParametersFile = new("--parameters-file", "-f")
    {
        Description = "parameters from a JSON or YAML file of names and values; -p given beside it wins", HelpName = "FILE",
    };

    public readonly Option<string?> Cwd = new("--cwd")
    {
        Description = "working directory of the kernels (default: each notebook's own folder, as in VS Code)", HelpName = "DIR",
    };

    public readonly Option<bool> PrepareOnly = new("--prepare-only")
    {
        Description = "write the parametrised notebooks to --output without running them (exit 0, or 2 on bad input)",
    };

    public readonly Option<bool> LogOutput = new("--log-output")
    {
        Description = "stream each cell's stdout and stderr to stderr as it runs, each line prefixed with [NAME]",
    };

    public readonly Option<double> Heartbeat = new("--heartbeat")
    {
        Description = "during a long cell, print a 'still running' line this often (0: never)", HelpName = "SECONDS", DefaultValueFactory = _ => 10,
        CustomParser = r => Number(r, 0, 86400, true, "--heartbeat expects seconds from 0 to 86400"),
    };

    public readonly Option<bool> AllowErrors = new("--allow-errors") { Description = "run on after a failing cell; failures do not fail the run" };

    public readonly Option<int> Workers = new("--workers")
    {
        Description = "notebooks run in parallel, one worker process each (1 to 64)", HelpName = "N", DefaultValueFactory = _ => 1,
        CustomParser = r => (int)Number(r, 1, 64, true, "--workers expects a number from 1 to 64", NumberStyles.None),
    };

    public readonly Option<string?> JUnit = new("--junit") { Description = "also write a JUnit XML report (one test case per code cell)", HelpName = "FILE" };

    public readonly Option<bool> NoInput = new("--no-input") { Description = "HTML page without code: markdown and outputs only (report mode)" };

    public readonly Option<bool> Toc = new("--toc") { Description = "HTML page starts with a table of contents of the markdown headings" };

    public readonly Option<bool> NoPlotlyJs = new("--no-plotly-js")
    {
        Description = "leave plotly.js out of the executed .ipynb (about 3.6 MB smaller); the HTML page still carries it once",
    };

    public readonly Option<bool> StaticImages = new("--static-images")
    {
        Description = "add an image/svg+xml rendering of every chart, drawn offline by headless chromium (skipped with a note without it)",
    };

    public RunCommandLine()
    {
        Paths.Validators.Add(RejectOptionLikePaths);
        Parameter.Validators.Add(r =>
        {
            foreach (var p in r.GetValueOrDefault<string[]>() ?? [])
                if (NotebookParameters.ParseAssignment(p) is null) r.AddError($"-p expects NAME=VALUE or NAME VALUE, got '{p}'");
        });
        MemoryLimit.Validators.Add(r => Size(r, MemoryLimitRange));
        MaxOutput.Validators.Add(r => Size(r, MaxOutputRange));
        Cwd.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } d && !Directory.Exists(d)) r.AddError($"--cwd {d}: no such folder"); });
    }

    /// <summary>The options <c>run</c> shares with <c>sweep</c>: how each notebook runs (not what, nor where it goes).</summary>
    public IEnumerable<Option> SharedOptions =>
    [
        Parameter, ParametersFile, Cwd, Timeout, MemoryLimit, MaxOutput, Workers, AllowErrors, LogOutput, Heartbeat,
        NoInput, Toc, NoPlotlyJs, StaticImages,
    ];

    /// <summary>A command named <paramref name="name"/> with every option of <c>run</c> and no action.</summary>
    public System.CommandLine.Command CreateCommand(string name)
    {
        var command = new System.CommandLine.Command(name, Description) { Paths, Output, PrepareOnly, JUnit };
        foreach (var o in SharedOptions) command.Options.Add(o);
        return command;
    }

    /// <summary>The parsed options; reads the <c>-f</c> file (a <see cref="NotebookInputException"/> when it is bad).</summary>
    public RunOptions Bind(ParseResult p) => BindShared(p) with
    {
        Paths = p.GetValue(Paths) ?? [],
        OutputDirectory = p.GetValue(Output)!,
        JUnitPath = p.GetValue(JUnit),
        PrepareOnly = p.GetValue(PrepareOnly),
    };

    /// <summary>
    /// <paramref name="bind"/>'s options, or null when its <c>-f</c> file is bad: then the message went to
    /// <paramref name="stderr"/> as <c>workbench COMMAND: FILE:LINE: reason</c> (exit 2 for the caller).
    /// </summary>
    public static RunOptions? TryBind(Func<RunOptions> bind, string command, TextWriter stderr)
    {
        try
        {
            return bind();
        }
        catch (NotebookInputException e)
        {
            stderr.WriteLine($"workbench {command}: {e.Message}");
            return null;
        }
    }

    /// <summary>The <see cref="SharedOptions"/> only (for <c>sweep</c>, whose -p values are grid specs).</summary>
    public RunOptions BindShared(ParseResult p)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (p.GetValue(ParametersFile) is { } file) parameters.AddRange(ParameterFile.Load(file));
        parameters.AddRange((p.GetValue(Parameter) ?? []).Select(a => NotebookParameters.ParseAssignment(a)!.Value));
        return new RunOptions
        {
            CellTimeout = TimeSpan.FromSeconds(p.GetValue(Timeout)),
            Parameters = parameters,
            AllowErrors = p.GetValue(AllowErrors),
            Workers = p.GetValue(Workers),
            MemoryLimitBytes = ParseSize(p.GetValue(MemoryLimit)!, MemoryLimitRange)!.Value,
            MaxOutput = ParseSize(p.GetValue(MaxOutput)!, MaxOutputRange)!.Value,
            NoInput = p.GetValue(NoInput),
            TableOfContents = p.GetValue(Toc),
            InlinePlotlyJs = !p.GetValue(NoPlotlyJs),
            StaticImages = p.GetValue(StaticImages),
            WorkingDirectory = p.GetValue(Cwd) is { } cwd ? Path.GetFullPath(cwd) : null,
            LogOutput = p.GetValue(LogOutput),
            Heartbeat = TimeSpan.FromSeconds(p.GetValue(Heartbeat)),
        };
    }

    /// <summary>
    /// papermill's <c>-p NAME VALUE</c>: rewrites each <c>-p NAME VALUE</c> (NAME without '=') into
    /// <c>-p NAME=VALUE</c>, so both spellings parse alike (a VALUE may start with one '-', as -3 does, not with
    /// "--", which starts the next option). Every other word is left as it is.
    /// </summary>
    public static string[] JoinParameterPairs(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            result.Add(args[i]);
            if (args[i] is "-p" or "--parameter" && i + 2 < args.Count && !args[i + 1].Contains('=') && !args[i + 1].StartsWith('-')
                && !args[i + 2].StartsWith("--", StringComparison.Ordinal))
            {
                result.Add(args[i + 1] + "=" + args[i + 2]);
                i += 2;
            }
        }
        return result.ToArray();
    }

    /// <summary>An unknown option lands among the paths (System.CommandLine takes it as an argument): say so.</summary>
    static void RejectOptionLikePaths(ArgumentResult r)
    {
        foreach (var t in r.Tokens)
            if (t.Value.StartsWith('-') && t.Value.Length > 1) r.AddError($"unknown option '{t.Value}'");
    }

    /// <summary>A number in (min, max] (or [min, max] when <paramref name="minIncluded"/>); otherwise <paramref name="error"/> and the value given.</summary>
    static double Number(ArgumentResult r, double min, double max, bool minIncluded, string error, NumberStyles style = NumberStyles.Float)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (double.TryParse(text, style, CultureInfo.InvariantCulture, out var v) && (v > min || (minIncluded && v == min)) && v <= max) return v;
        r.AddError($"{error}, got '{text}'");
        return min;
    }

    static readonly (long Min, long Max) MemoryLimitRange = (32L << 20, 1L << 40), MaxOutputRange = (1L << 10, 1L << 30);

    static void Size(OptionResult r, (long Min, long Max) range)
    {
        var text = r.GetValueOrDefault<string>() ?? "";
        if (ParseSize(text, range) is null)
            r.AddError($"{r.Option.Name} expects a size from {Human(range.Min)} to {Human(range.Max)} such as 256M, got '{text}'");
    }

    /// <summary><c>256M</c>, <c>2G</c>, <c>1048576</c>: a count with an optional K, M or G suffix (powers of 1024), within the range; else null.</summary>
    static long? ParseSize(string text, (long Min, long Max) range)
    {
        var t = text.Trim();
        var unit = t.Length > 0 ? char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L } : 1L;
        var digits = unit == 1 ? t : t[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > range.Max / unit) return null;
        return n * unit >= range.Min && n * unit <= range.Max ? n * unit : null;
    }

    static string Human(long n) => n >= 1L << 30 && n % (1L << 30) == 0 ? $"{n >> 30}G" : n >= 1L << 20 && n % (1L << 20) == 0 ? $"{n >> 20}M" : $"{n >> 10}K";
}
