// "workbench sweep NOTEBOOK -p NAME=SPEC...": one notebook over a grid of parameters, in parallel workers, with one
// combined table; "workbench sweep merge DIR...": shards' tables joined (src/Workbench.Notebooks/Command/NotebookSweepCommand.cs).
using System.CommandLine;
using Workbench.Notebooks.Command;
using Workbench.Notebooks.Sweep;
using Workbench.Notebooks.Worker;

namespace Workbench.Cli.Run;

/// <summary>The <c>sweep</c> command and its <c>merge</c> subcommand.</summary>
public sealed class SweepCommand : ICliCommand
{
    const string Description = """
        run one notebook over a grid of parameters and gather its recorded results in one table
        -p NAME=A..B (whole numbers A to B), -p NAME=A..B..STEP or -p NAME=x,y,z per parameter; every combination
        runs (the first -p outermost), numbered from 0, on --workers worker processes. Each run's executed notebook
        goes to OUTPUT/runs/NAME-rNNNN.ipynb (and .html); OUTPUT/sweep.csv and OUTPUT/sweep.arrow hold one row per run:
        run, the parameters, status, then every value the notebook recorded with Workbench.Lab's
        Notebook.Record(name, value); OUTPUT/sweep.json describes the grid. --shard I/N runs the runs numbered I
        modulo N (for a Slurm array, a Kubernetes indexed Job or a CI matrix: I = the task's index); 'workbench sweep
        merge' joins the shards' folders into the table the whole sweep writes, byte for byte.
        Exit codes: 0 every run passed; 1 some run failed (the table is still written, with its status); 2 bad input
        or usage.
        """;

    public Command Create(CliIo io)
    {
        var line = new RunCommandLine();
        var notebook = new Argument<string>("NOTEBOOK") { Description = "the notebook (.ipynb, .dib) to run over the grid" };
        var output = new Option<string?>("--output", "-o") { Description = "where the table and runs/ go [default: artifacts/sweeps/NAME]", HelpName = "DIR" };
        var shard = new Option<SweepShard?>("--shard")
        {
            Description = "run only the runs numbered I modulo N (0 <= I < N)", HelpName = "I/N",
            CustomParser = r => SweepShard.Parse(r.Tokens[0].Value, out var error) ?? Fail(r, error!),
        };
        var command = new Command("sweep", Description) { notebook, output, shard };
        foreach (var o in line.SharedOptions) command.Options.Add(o);
        command.Subcommands.Add(Merge(io));
        command.SetAction(p =>
        {
            if (RunCommandLine.TryBind(() => line.BindShared(p), "sweep", io.Err) is not { } options) return NotebookRunCommand.ExitBadInput;
            var path = p.GetValue(notebook)!;
            options = options with { OutputDirectory = p.GetValue(output) ?? Path.Combine("artifacts", "sweeps", Path.GetFileNameWithoutExtension(path)) };
            var worker = WorkerStartInfo.ForCurrentProgram(NotebookWorkerCommand.Word);
            return NotebookSweepCommand.RunAsync(path, options, p.GetValue(shard), io.Out, io.Err, worker).GetAwaiter().GetResult();
        });
        return command;
    }

    static Command Merge(CliIo io)
    {
        var dirs = new Argument<string[]>("DIR") { Description = "the shards' output folders (each holding sweep.csv and sweep.json)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "where the merged table and runs/ go", HelpName = "DIR", Required = true };
        var command = new Command("merge", "join the tables of a sweep's shards into the table the unsharded sweep writes (exit 0, or 2 when a shard is missing, repeated or from another sweep)")
        {
            dirs, output,
        };
        command.SetAction(p => NotebookSweepCommand.Merge(p.GetValue(dirs)!, p.GetValue(output)!, io.Out, io.Err));
        return command;
    }

    static SweepShard? Fail(System.CommandLine.Parsing.ArgumentResult r, string error)
    {
        r.AddError(error);
        return null;
    }
}
