// "workbench run PATH...": executes notebooks headlessly (see src/Workbench.Notebooks/Command/NotebookRunCommand.cs).
using Workbench.Notebooks.Command;
using Workbench.Notebooks.Worker;

namespace Workbench.Cli.Run;

/// <summary>Runs notebooks in worker processes that are this same program started as <c>workbench notebook-worker</c>.</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";

    public string Summary => "execute notebooks (.ipynb, .dib) headlessly; write artifacts/notebooks/NAME.ipynb and .html";

    public int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        NotebookRunCommand.Run(args, stdout, stderr, WorkerStartInfo.ForCurrentProgram(NotebookWorkerCommand.Word));
}
