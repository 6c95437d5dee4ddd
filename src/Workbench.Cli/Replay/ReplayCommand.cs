// workbench replay FILE...: replay scenario scripts against the kernel model and print strace -f style traces.
using System.CommandLine;
using Workbench.Analysis;
using Workbench.Scenarios;

namespace Workbench.Cli.Replay;

/// <summary><c>replay [--summary] [--csv OUT] [--arrow OUT] [--seed S] [--no-check] FILE...</c>.</summary>
public sealed class ReplayCommand : ICliCommand
{
    const string Description = """
        replay .scn scenario scripts and print strace-style traces
        Each script runs on a fresh model of the 2011-12 DragonFly kernel (or a later design, --kernel), printing one strace -f
        line per event, kernel messages as they happen, and a closing census line. The file is read as it runs:
        memory does not grow with its length (except with --summary, --csv, --arrow). The lines of a parallel block
        interleave under the script's schedule line, --schedule or --schedule-seed, and the trace ends with the schedule.
        Exit codes: 0 every expected result matched; 1 some did not (each printed as file:line: expected X, got Y);
        2 a script could not be run (file:line: reason) or bad usage; 3 the model panicked or broke an invariant.
        """;

    public Command Create(CliIo io)
    {
        var files = new Argument<string[]>("FILE") { Description = "scenario scripts (.scn)", Arity = ArgumentArity.OneOrMore };
        var summary = new Option<bool>("--summary") { Description = "also print a per-call table like strace -c (calls, errors by errno, model costs per call)" };
        var csv = new Option<string?>("--csv")
        {
            Description = "record every system call and guest event (one FILE only) and write the rows as CSV, with the columns of src/Workbench.Analysis/TraceSchema.cs",
            HelpName = "OUT",
        };
        var arrow = new Option<string?>("--arrow") { Description = "the same rows as an Arrow IPC file (seed and model version in its schema metadata)", HelpName = "OUT" };
        var seed = CliOptions.Seed("seed of the machine's random source (recorded in the trace)");
        var noCheck = new Option<bool>("--no-check")
        {
            Description = "do not run the invariant checker after every event (by default it re-checks what each event touched, and everything every so often and at the end)",
        };
        var kernel = CliOptions.Kernel();
        var schedule = new Option<string?>("--schedule")
        {
            Description = "the schedule of the parallel blocks, as replay and explore print it (\"2*3.1\"), overriding the script's schedule line; \"\" is the default (no preemption)",
            HelpName = "STR",
        };
        schedule.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s)
                try { Workbench.Kernel.Sched.Schedule.Parse(s); }
                catch (FormatException e) { r.AddError("--schedule: " + e.Message); }
        });
        var scheduleSeed = new Option<ulong?>("--schedule-seed") { Description = "run the parallel blocks under a seeded random schedule instead (printed at the end)", HelpName = "N" };
        files.Validators.Add(r =>
        {
            foreach (var t in r.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1)) r.AddError($"unknown option '{t.Value}'");
        });
        var command = new Command("replay", Description) { files, summary, csv, arrow, seed, noCheck, kernel, schedule, scheduleSeed };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(csv) ?? r.GetValue(arrow)) is not null && r.GetValue(files)?.Length > 1) r.AddError("--csv and --arrow record one scenario file");
        });
        command.SetAction(p => Run(new Settings(p.GetValue(files)!, p.GetValue(summary), p.GetValue(csv), p.GetValue(arrow), p.GetValue(seed), !p.GetValue(noCheck),
            p.GetValue(kernel)!, p.GetValue(schedule), p.GetValue(scheduleSeed)), io));
        return command;
    }

    /// <summary>What one invocation asked for.</summary>
    sealed record Settings(string[] Files, bool Summary, string? Csv, string? Arrow, ulong Seed, bool Check,
        Workbench.Kernel.Vkernel.Designs.KernelDesign Kernel, string? Schedule, ulong? ScheduleSeed);

    static int Run(Settings s, CliIo io)
    {
        int exit = 0;
        foreach (var file in s.Files)
        {
            // Streamed: the file is parsed line by line as it runs and nothing of the trace is kept, so memory does
            // not grow with the script (the recorder, when asked for, keeps its rows).
            bool record = s.Summary || (s.Csv ?? s.Arrow) is not null;
            using var recorder = record ? new SyscallRecorder(s.Seed) : null;
            var options = new ReplayOptions
            {
                Seed = s.Seed, CheckInvariants = s.Check, Observers = recorder is null ? [] : [recorder], Retain = false,
                Kernel = s.Kernel, Schedule = s.Schedule, ScheduleSeed = s.ScheduleSeed,
            };
            ReplayResult result;
            try { result = Replayer.RunStreamed(file, options, io.Out.WriteLine); }
            catch (ScriptException e) { io.Err.WriteLine(e.Message); exit = Math.Max(exit, 2); continue; }
            foreach (var mm in result.Mismatches) io.Err.WriteLine(mm);
            if (result.Error is not null) io.Err.WriteLine(result.Error.Message);
            if (result.ModelFailure is not null) io.Err.WriteLine(result.ModelFailure);
            if (s.Summary) io.Out.Write(StraceSummary.ToText(StraceSummary.Build(recorder!.ToDataFrame())));
            if (recorder is not null && !Write(recorder, s.Csv, s.Arrow, io.Err)) exit = Math.Max(exit, 2);
            exit = Math.Max(exit, result.ExitCode);
        }
        return exit;
    }

    /// <summary>Writes the recorded rows where asked; a file that cannot be written is exit 2 with its path.</summary>
    static bool Write(SyscallRecorder recorder, string? csv, string? arrow, TextWriter stderr)
    {
        try
        {
            if (csv is not null) recorder.WriteCsv(csv);
            if (arrow is not null) recorder.WriteArrow(arrow);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"workbench replay: cannot write {csv ?? arrow}: {e.Message}");
            return false;
        }
    }
}
