// Options of "workbench run", parsed from the command line.
using System.Globalization;
using Workbench.Notebooks.Parameters;

namespace Workbench.Notebooks.Command;

/// <summary>Parsed options of <c>workbench run</c>. Immutable after parsing.</summary>
public sealed class RunOptions
{
    public const string Usage = """
        usage: workbench run PATH... [options]
          PATH                notebooks (.ipynb, .dib) or folders of them
          --output DIR        where NAME.ipynb and NAME.html go (default: artifacts/notebooks)
          --timeout SECONDS   hard limit per cell; the worker and every process it started are killed when it
                              passes (default: 120)
          --memory-limit SIZE heap limit of each worker process, enforced by the .NET runtime; a cell that needs
                              more is reported as "memory limit exceeded" (default: 2G)
          --max-output SIZE   characters a cell's outputs may hold; the rest is dropped behind an "output
                              truncated" marker (default: 4M)
          -p NAME=VALUE       set a parameter declared in the cell tagged 'parameters' (repeatable)
          --allow-errors      run on after a failing cell; failures do not fail the run
          --workers N         notebooks run in parallel, one worker process each (default: 1)
          --junit FILE        also write a JUnit XML report
          --no-input          HTML page without code: markdown and outputs only (report mode)
          --toc               HTML page starts with a table of contents of the markdown headings
          --no-plotly-js      leave plotly.js out of the executed .ipynb (about 3.6 MB smaller); charts then draw
                              only where the front end has its own plotly (VS Code, JupyterLab); the HTML page
                              still carries it once
          --static-images     add an image/svg+xml rendering of every chart (for GitHub, which runs no scripts),
                              drawn offline by headless chromium; without chromium the run says so and goes on
        files a notebook writes (Workbench.Lab's Notebook.OutputFile) go under --output DIR too.
          SIZE is a number of bytes (characters for --max-output) with an optional K, M or G suffix (powers of 1024).
        exit codes: 0 all passed, 1 a cell failed, timed out, crashed or hit a limit, 2 bad input or an unwritable output
        """;

    public List<string> Paths { get; } = new();
    public string OutputDirectory { get; private set; } = Path.Combine("artifacts", "notebooks");
    public string? JUnitPath { get; private set; }
    public TimeSpan CellTimeout { get; private set; } = TimeSpan.FromSeconds(120);
    public List<KeyValuePair<string, string>> Parameters { get; } = new();
    public bool AllowErrors { get; private set; }
    public int Workers { get; private set; } = 1;
    public long MemoryLimitBytes { get; private set; } = Worker.WorkerStartInfo.DefaultMemoryLimitBytes;
    public long MaxOutput { get; private set; } = Runner.RunSettings.DefaultMaxOutput;
    public bool Help { get; private set; }
    public bool NoInput { get; private set; }
    public bool TableOfContents { get; private set; }
    public bool InlinePlotlyJs { get; private set; } = true;
    public bool StaticImages { get; private set; }

    /// <summary>Parses <paramref name="args"/>; a bad option is a <see cref="FormatException"/> with a one-line message.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var o = new RunOptions();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"option {a} needs a value");
            switch (a)
            {
                case "-h" or "--help": o.Help = true; break;
                case "-o" or "--output": o.OutputDirectory = Value(); break;
                case "--junit": o.JUnitPath = Value(); break;
                case "--allow-errors": o.AllowErrors = true; break;
                case "--no-input": o.NoInput = true; break;
                case "--toc": o.TableOfContents = true; break;
                case "--no-plotly-js": o.InlinePlotlyJs = false; break;
                case "--static-images": o.StaticImages = true; break;
                case "--timeout":
                    var t = Value();
                    if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s > 0) || s > 86400)
                        throw new FormatException($"--timeout expects seconds between 0 and 86400, got '{t}'");
                    o.CellTimeout = TimeSpan.FromSeconds(s);
                    break;
                case "--workers":
                    var w = Value();
                    if (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 64)
                        throw new FormatException($"--workers expects a number from 1 to 64, got '{w}'");
                    o.Workers = n;
                    break;
                case "--memory-limit":
                    o.MemoryLimitBytes = ParseSize(a, Value(), 32L << 20, 1L << 40);
                    break;
                case "--max-output":
                    o.MaxOutput = ParseSize(a, Value(), 1L << 10, 1L << 30);
                    break;
                case "-p" or "--parameter":
                    var p = Value();
                    o.Parameters.Add(NotebookParameters.ParseAssignment(p) ?? throw new FormatException($"-p expects NAME=VALUE, got '{p}'"));
                    break;
                default:
                    if (a.StartsWith('-') && a.Length > 1) throw new FormatException($"unknown option '{a}'");
                    o.Paths.Add(a);
                    break;
            }
        }
        if (!o.Help && o.Paths.Count == 0) throw new FormatException("no notebooks given");
        return o;
    }

    /// <summary><c>256M</c>, <c>2G</c>, <c>1048576</c>: a count with an optional K, M or G suffix (powers of 1024), within [min, max].</summary>
    static long ParseSize(string option, string text, long min, long max)
    {
        var t = text.Trim();
        var unit = t.Length > 0 ? char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L } : 1L;
        var digits = unit == 1 ? t : t[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > max / unit || n * unit < min || n * unit > max)
            throw new FormatException($"{option} expects a size from {Human(min)} to {Human(max)} such as 256M, got '{text}'");
        return n * unit;
    }

    static string Human(long n) => n >= 1L << 30 && n % (1L << 30) == 0 ? $"{n >> 30}G" : n >= 1L << 20 && n % (1L << 20) == 0 ? $"{n >> 20}M" : $"{n >> 10}K";
}
