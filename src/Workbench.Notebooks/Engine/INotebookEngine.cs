// The seam between the runner and the execution engine. Upstream .NET Interactive is frozen and archived (April
// 2026), so everything the runner needs from an engine goes through this interface and our own types.

namespace Workbench.Notebooks.Engine;

/// <summary>
/// One fresh kernel for one notebook. Life cycle: made by <see cref="INotebookEngineFactory.Create"/>, optionally
/// <see cref="WarmUpAsync"/> (on any thread, possibly while another engine runs a notebook), then
/// <see cref="Start"/> once, then cells one at a time, in order, then <see cref="IDisposable.Dispose"/>.
/// Not thread-safe. Cancellation is cooperative only, which is why the runner puts engines in killable worker
/// processes.
/// </summary>
public interface INotebookEngine : IDisposable
{
    /// <summary>Work that does not depend on the notebook (building the kernel, its first compilation), done ahead of time.</summary>
    Task WarmUpAsync();

    /// <summary>Binds the engine to a notebook: relative paths (<c>#r "../x.dll"</c>, files) resolve against <paramref name="workingDirectory"/>.</summary>
    void Start(string workingDirectory);

    /// <summary>
    /// Runs one cell on the named kernel ("csharp", "value"). Its outputs together hold at most
    /// <paramref name="maxOutputChars"/> characters; the rest is dropped behind an "output truncated" marker
    /// (<see cref="OutputCollector"/>).
    /// </summary>
    Task<CellExecution> RunCellAsync(string code, string kernelName, long maxOutputChars, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called with ("stdout" or "stderr", text) as a running cell writes, on any thread; null: nobody listens. Engines
    /// that cannot stream leave it unused (the text still arrives in the cell's outputs).
    /// </summary>
    Action<string, string>? StreamListener { get => null; set { } }
}

/// <summary>Makes engines; one per notebook.</summary>
public interface INotebookEngineFactory
{
    INotebookEngine Create();

    /// <summary>
    /// Process-wide warm-up run once when a worker starts, alongside the first engine's <see cref="INotebookEngine.WarmUpAsync"/>
    /// and before any notebook starts: it moves one-time costs (JIT of formatting, console capture, display) off
    /// the first notebook's cells. It must leave no state a notebook could observe.
    /// </summary>
    Task PrimeAsync();
}
