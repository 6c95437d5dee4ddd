// "workbench run PATH...": executes notebooks headlessly (see src/Workbench.Notebooks/Command/NotebookRunCommand.cs;
// the options are defined in RunCommandLine.cs there, so tests parse exactly what users type).
using System.CommandLine;
using Workbench.Notebooks.Command;
using Workbench.Notebooks.Worker;

namespace Workbench.Cli.Run;

/// <summary>Runs notebooks in worker processes that are this same program started as <c>workbench notebook-worker</c>.</summary>
public sealed class RunCommand : ICliCommand
{
    public Command Create(CliIo io)
    {
        var line = new RunCommandLine();
        var command = line.CreateCommand("run");
        command.SetAction(p => RunCommandLine.TryBind(() => line.Bind(p), "run", io.Err) is { } options
            ? NotebookRunCommand.RunAsync(options, io.Out, io.Err, WorkerStartInfo.ForCurrentProgram(NotebookWorkerCommand.Word)).GetAwaiter().GetResult()
            : NotebookRunCommand.ExitBadInput);
        return command;
    }
}
