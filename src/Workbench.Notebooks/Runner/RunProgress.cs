// What a run tells its caller while it goes: a code cell started, is still running (heartbeat), wrote text
// (--log-output), ended. The CLI prints these to stderr; tests record them.
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// A code cell as progress counts it: <see cref="CodeIndex"/> of <see cref="CodeTotal"/> code cells (the summary's
/// count), and <see cref="Index"/>, its 1-based position among all cells (the one messages name).
/// </summary>
public sealed record CellStart(int Index, int CodeIndex, int CodeTotal, string CellId);

/// <summary>
/// Listeners for a run; any may be null. They are called from the thread running the notebook (Output and
/// Heartbeat from a timer or socket thread), several notebooks at once when the pool has several workers.
/// </summary>
public sealed class RunProgress
{
    /// <summary>A code cell was sent to its kernel.</summary>
    public Action<NotebookDocument, CellStart>? Started { get; init; }

    /// <summary>A code cell is still running after the elapsed time given (every <see cref="RunSettings.Heartbeat"/>).</summary>
    public Action<NotebookDocument, CellStart, TimeSpan>? Heartbeat { get; init; }

    /// <summary>A running code cell wrote text to "stdout" or "stderr" (only with <see cref="RunSettings.LogOutput"/>).</summary>
    public Action<NotebookDocument, CellStart, string, string>? Output { get; init; }

    /// <summary>A code cell ended (ok, failed, timed out or crashed).</summary>
    public Action<NotebookDocument, CellReport>? Finished { get; init; }
}
