// What a notebook run reports: per cell and per notebook. Elapsed times live here (progress lines, the summary,
// JUnit), never in the executed .ipynb or the HTML page.
using Workbench.Notebooks.Engine;

namespace Workbench.Notebooks.Runner;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    Ok,
    Failed,
    /// <summary>Failed, but allowed: <c>--allow-errors</c> or the cell is tagged <c>raises-exception</c>.</summary>
    FailedAllowed,
    TimedOut,
    Crashed,
}

/// <summary>How a notebook run ended.</summary>
public enum NotebookStatus
{
    Passed,
    Failed,
    TimedOut,
    Crashed,
}

/// <summary>
/// One executed cell. <see cref="Index"/> is 1-based over all cells (markdown included), of <see cref="Total"/>: the
/// number messages name. <see cref="CodeIndex"/> of <see cref="CodeTotal"/> counts code cells only, as progress lines
/// and the summary do.
/// </summary>
public sealed record CellReport(
    int Index,
    int Total,
    string CellId,
    CellStatus Status,
    TimeSpan Elapsed,
    string? Message,
    IReadOnlyList<CellDiagnostic> Diagnostics)
{
    public int CodeIndex { get; init; }
    public int CodeTotal { get; init; }
}

/// <summary>One notebook's run: <see cref="Cells"/> are the code cells that ran, of <see cref="CodeCells"/>. Immutable once returned.</summary>
public sealed record NotebookResult(
    string SourcePath,
    string Name,
    NotebookStatus Status,
    IReadOnlyList<CellReport> Cells,
    int CodeCells,
    TimeSpan Elapsed,
    string IpynbPath,
    string HtmlPath,
    string? Message,
    string? Hint)
{
    /// <summary>What the notebook recorded (Workbench.Lab's <c>Notebook.Record</c>), by name; a later record of a name wins.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> Records { get; init; } = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>();

    /// <summary>The first cell that failed, timed out or crashed (not allowed failures), or null.</summary>
    public CellReport? FailedCell => Cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.Crashed);
}

/// <summary>Settings of a run. Immutable.</summary>
public sealed record RunSettings
{
    /// <summary>Hard limit per cell; the worker is killed when it passes.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>During a long cell, a heartbeat this often (<see cref="RunProgress.Heartbeat"/>); zero: never.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stream each cell's stdout and stderr to <see cref="RunProgress.Output"/> as it runs (<c>--log-output</c>).</summary>
    public bool LogOutput { get; init; }

    /// <summary>Limit for starting a worker and opening a fresh kernel in it.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Run on after a failing cell (nbclient's allow_errors); failures are then not run failures.</summary>
    public bool AllowErrors { get; init; }

    /// <summary>The most characters one cell's outputs may hold; the rest is dropped behind a marker.</summary>
    public long MaxOutput { get; init; } = DefaultMaxOutput;

    /// <summary>Default of <see cref="MaxOutput"/>: 4 Mi characters.</summary>
    public const long DefaultMaxOutput = 4L << 20;

    /// <summary>Where NAME.ipynb and NAME.html go, and (through <c>WORKBENCH_OUTPUT</c>) every file a notebook writes.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "notebooks");

    /// <summary>
    /// Inline plotly.js into the executed notebook's first chart output, so the .ipynb draws its charts in front ends
    /// without a Plotly renderer (classic Jupyter, nbviewer). False (<c>--no-plotly-js</c>): smaller files; the HTML
    /// page still carries plotly.js once.
    /// </summary>
    public bool InlinePlotlyJs { get; init; } = true;

    /// <summary>Add an <c>image/svg+xml</c> rendering of every chart, drawn by headless chromium (<c>--static-images</c>).</summary>
    public bool StaticImages { get; init; }

    /// <summary>The kernels' working directory (<c>--cwd</c>); null: each notebook's own folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Write the HTML page without code cells (report mode, <c>--no-input</c>).</summary>
    public bool NoInput { get; init; }

    /// <summary>Start the HTML page with a table of contents of the markdown headings (<c>--toc</c>).</summary>
    public bool TableOfContents { get; init; }
}
