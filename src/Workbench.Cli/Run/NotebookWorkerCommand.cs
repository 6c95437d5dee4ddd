// "workbench notebook-worker": the worker process of "workbench run", serving the line-delimited JSON protocol
// of src/Workbench.Notebooks/Worker/WorkerProtocol.cs on the Unix socket the runner names. Not meant to be run by hand.
using Workbench.Notebooks.Worker;

namespace Workbench.Cli.Run;

/// <summary>Serves one runner until its stdin closes.</summary>
public sealed class NotebookWorkerCommand : ICommand
{
    public const string Word = "notebook-worker";

    public string Name => Word;

    public string Summary => "(internal) worker process of 'run'";

    public int Run(string[] args, TextWriter stdout, TextWriter stderr) => WorkerHost.Run();
}
