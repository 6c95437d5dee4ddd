// A warm worker runs notebooks that load the workbench library one after another in the same process. The proof
// that they cannot see each other's statics: every static field of every loaded Workbench assembly, as the reader
// notebook sees it after the writer notebook changed all it could, equals what it sees in a fresh worker.
using Workbench.Notebooks.Tests.Support;
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class WarmWorkerIsolationTests
{
    [Fact]
    public async Task a_notebook_after_another_in_the_same_worker_sees_the_statics_of_a_fresh_process()
    {
        // A pool of its own with its one worker started: what the tests before left in the shared pool (a worker they
        // killed, one near its notebook limit) cannot start a second worker here.
        using var warm = new WorkerPool(Workers.StartInfo, 1);
        warm.Prestart(1);
        var shared = await Cli.RunOnAsync(warm, "statics-writer.ipynb", "statics-reader.ipynb");
        Assert.True(shared.ExitCode == 0, shared.ToString());
        Assert.True(warm.WorkersStarted == 1, "the workbench library must not cost the worker: no new worker may start");
        Assert.Equal(Cli.OutputText(shared.Notebook("statics-writer"), "pid"), Cli.OutputText(shared.Notebook("statics-reader"), "pid"));

        using var fresh = new WorkerPool(Workers.StartInfo, 1);
        var alone = await Cli.RunOnAsync(fresh, "statics-reader.ipynb");
        Assert.True(alone.ExitCode == 0, alone.ToString());

        var afterWriter = Fields(Cli.OutputText(shared.Notebook("statics-reader"), "statics"));
        var inFresh = Fields(Cli.OutputText(alone.Notebook("statics-reader"), "statics"));
        Assert.Contains(inFresh, l => l.Contains("Workbench.Lab.Notebook.s_banner", StringComparison.Ordinal));
        Assert.Contains(inFresh, l => l.Contains("Workbench.Charts.WorkbenchChart.s_lastNumber = 1", StringComparison.Ordinal));
        var leaked = afterWriter.Except(inFresh).ToList();
        Assert.True(leaked.Count == 0 && afterWriter.Length == inFresh.Length,
            $"statics after the writer that a fresh worker does not have:\n{string.Join("\n", leaked)}\n--- fresh:\n{string.Join("\n", inFresh.Except(afterWriter))}");
    }

    /// <summary>
    /// The reader's lines, sorted, without the load context: the kernel's script loader and Lab's resolver each load a
    /// copy of Workbench.Lab, and which one a notebook's code binds to depends on whether the default one is already
    /// loaded; the values both copies hold must match. The Plotly bridge (an immutable cache of the bridge and
    /// plotly.js, kept on purpose so the first chart is paid once per worker) is left out.
    /// </summary>
    static string[] Fields(string text) => text.Split('\n')
        .Where(l => l.Length > 0 && !l.Contains("Workbench.Charts.PlotlyBridge.", StringComparison.Ordinal))
        .Select(l => l.Replace(" (default) ", " ", StringComparison.Ordinal).Replace(" (script) ", " ", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToArray();
}
