// workbench replay FILE...: replay scenario scripts against the kernel model and print strace -f style traces.
using System.Globalization;
using Workbench.Analysis;
using Workbench.Scenarios;

namespace Workbench.Cli.Replay;

/// <summary><c>replay [--summary] [--csv OUT] [--arrow OUT] [--seed S] [--no-check] FILE...</c>.</summary>
public sealed class ReplayCommand : ICommand
{
    public string Name => "replay";
    public string Summary => "replay .scn scenario scripts and print strace-style traces (exit 0 ok, 1 mismatch, 2 bad script, 3 model failure)";

    const string Usage = """
        usage: workbench replay [options] FILE...

          Replays each scenario script on a fresh model of the 2011-12 DragonFly kernel and prints one
          strace -f line per event, kernel messages as they happen, and a closing census line. The file is
          read as it runs: memory does not grow with its length (except with --summary, --csv, --arrow).

          --summary      also print a per-call table like strace -c (calls, errors by errno, model costs per call)
          --csv OUT      record every system call and guest event (one FILE only) and write the rows as CSV,
                         with the same columns as a workload's trace (see src/Workbench.Analysis/TraceSchema.cs)
          --arrow OUT    the same rows as an Arrow IPC file (seed and model version in its schema metadata)
          --seed S       seed of the machine's random source (default 1; recorded in the trace)
          --kernel NAME  the kernel design (default seed; see 'workbench explore --help' for the list)
          --schedule STR the schedule of the parallel blocks, as printed by replay and explore ("2*3.1"),
                         overriding the script's schedule line; "" is the default (no preemption)
          --schedule-seed N  run the parallel blocks under a seeded random schedule instead
          --no-check     do not run the invariant checker after every event (by default it re-checks what each
                         event touched, and everything every so often and at the end: linear in the events)
          -h, --help     this text

        exit status: 0 every expected result matched; 1 some did not (each printed as file:line: expected X, got Y);
                     2 a script could not be run (file:line: reason); 3 the model panicked or broke an invariant.
        """;

    public int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var files = new List<string>();
        bool summary = false, check = true;
        string? csv = null, arrow = null;
        ulong seed = 1;
        ulong? scheduleSeed = null;
        string? schedule = null;
        var kernel = Workbench.Kernel.Vkernel.Designs.KernelDesign.Seed;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help": stdout.Write(Usage); return 0;
                case "--summary": summary = true; break;
                case "--no-check": check = false; break;
                case "--csv" or "--arrow":
                    if (i + 1 >= args.Length) { stderr.WriteLine($"workbench replay: {args[i]} needs an output file"); return 2; }
                    if (args[i] == "--csv") csv = args[++i]; else arrow = args[++i];
                    break;
                case "--seed":
                    if (i + 1 >= args.Length || !ulong.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                    {
                        stderr.WriteLine("workbench replay: --seed needs a non-negative integer");
                        return 2;
                    }
                    break;
                case "--schedule":
                    if (i + 1 >= args.Length) { stderr.WriteLine("workbench replay: --schedule needs a schedule string (\"\" for the default)"); return 2; }
                    schedule = args[++i];
                    try { Workbench.Kernel.Sched.Schedule.Parse(schedule); }
                    catch (FormatException e) { stderr.WriteLine($"workbench replay: --schedule: {e.Message}"); return 2; }
                    break;
                case "--schedule-seed":
                    if (i + 1 >= args.Length || !ulong.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var ss))
                    {
                        stderr.WriteLine("workbench replay: --schedule-seed needs a non-negative integer");
                        return 2;
                    }
                    scheduleSeed = ss;
                    break;
                case "--kernel":
                    if (i + 1 >= args.Length || Workbench.Kernel.Vkernel.Designs.KernelDesign.Find(args[++i]) is not { } k)
                    {
                        stderr.WriteLine($"workbench replay: --kernel needs one of: {string.Join(", ", Workbench.Kernel.Vkernel.Designs.KernelDesign.All.Select(d => d.Name))}");
                        return 2;
                    }
                    kernel = k;
                    break;
                default:
                    if (args[i].StartsWith('-')) { stderr.WriteLine($"workbench replay: unknown option '{args[i]}'"); stderr.Write(Usage); return 2; }
                    files.Add(args[i]);
                    break;
            }
        }
        if (files.Count == 0) { stderr.WriteLine("workbench replay: no scenario file given"); stderr.Write(Usage); return 2; }
        if ((csv ?? arrow) is not null && files.Count != 1) { stderr.WriteLine("workbench replay: --csv and --arrow record one scenario file"); return 2; }

        int exit = 0;
        foreach (var file in files)
        {
            // Streamed: the file is parsed line by line as it runs and nothing of the trace is kept, so memory does
            // not grow with the script (the recorder, when asked for, keeps its rows).
            bool record = summary || (csv ?? arrow) is not null;
            using var recorder = record ? new SyscallRecorder(seed) : null;
            var options = new ReplayOptions
            {
                Seed = seed, CheckInvariants = check, Observers = recorder is null ? [] : [recorder], Retain = false,
                Kernel = kernel, Schedule = schedule, ScheduleSeed = scheduleSeed,
            };
            ReplayResult result;
            try { result = Replayer.RunStreamed(file, options, stdout.WriteLine); }
            catch (ScriptException e) { stderr.WriteLine(e.Message); exit = Math.Max(exit, 2); continue; }
            foreach (var mm in result.Mismatches) stderr.WriteLine(mm);
            if (result.Error is not null) stderr.WriteLine(result.Error.Message);
            if (result.ModelFailure is not null) stderr.WriteLine(result.ModelFailure);
            if (summary) stdout.Write(StraceSummary.ToText(StraceSummary.Build(recorder!.ToDataFrame())));
            if (recorder is not null && !Write(recorder, csv, arrow, stderr)) exit = Math.Max(exit, 2);
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
