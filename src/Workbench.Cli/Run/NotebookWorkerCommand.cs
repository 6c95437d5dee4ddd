// "workbench notebook-worker": the worker process of "workbench run", serving the line-delimited JSON protocol
// of src/Workbench.Notebooks/Worker/WorkerProtocol.cs on the Unix socket the runner names. Not meant to be run by hand.
using System.CommandLine;
using Workbench.Notebooks.Worker;

namespace Workbench.Cli.Run;

/// <summary>Serves one runner until its channel closes. <c>--help</c> prints help and starts nothing.</summary>
public sealed class NotebookWorkerCommand : ICliCommand
{
    public const string Word = "notebook-worker";

    public Command Create(CliIo io)
    {
        var command = new Command(Word,
            "(internal) the worker process of 'run' and 'sweep': serves the runner on the Unix socket named by " +
            "WORKBENCH_WORKER_CHANNEL; exit 2 when that is not set");
        command.SetAction(_ => WorkerHost.Run());
        return command;
    }
}
