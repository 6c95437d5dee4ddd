// "workbench run": loads and checks every notebook first (bad input is exit 2 before anything runs), then runs
// them on a pool of worker processes, printing a progress line per cell to stderr and a summary table to stdout.
using System.Globalization;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Parameters;
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Command;

/// <summary>The run command, kept here (not in the CLI) so tests drive exactly what users run.</summary>
public static class NotebookRunCommand
{
    public const int ExitPassed = 0, ExitFailed = 1, ExitBadInput = 2;

    /// <summary>
    /// Runs the command. <paramref name="pool"/> (for tests) replaces the pool the command would start; its workers'
    /// memory limit (<see cref="WorkerStartInfo.MemoryLimitBytes"/>) then applies instead of --memory-limit.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, WorkerStartInfo worker, WorkerPool? pool = null)
        => RunAsync(args, stdout, stderr, worker, pool).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, WorkerStartInfo worker, WorkerPool? pool = null)
    {
        RunOptions options;
        try
        {
            options = RunOptions.Parse(args);
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"workbench run: {e.Message}");
            stderr.WriteLine("Run 'workbench run --help' for the options.");
            return ExitBadInput;
        }
        catch (NotebookInputException e)
        {
            stderr.WriteLine($"workbench run: {e.Message}");
            return ExitBadInput;
        }
        return await RunAsync(options, stdout, stderr, worker, pool);
    }

    /// <summary>Runs with options already parsed (the CLI's action); see <see cref="RunAsync(IReadOnlyList{string}, TextWriter, TextWriter, WorkerStartInfo, WorkerPool?)"/>.</summary>
    public static async Task<int> RunAsync(RunOptions options, TextWriter stdout, TextWriter stderr, WorkerStartInfo worker, WorkerPool? pool = null)
    {
        List<NotebookDocument> notebooks;
        try
        {
            notebooks = Load(options);
        }
        catch (NotebookInputException e)
        {
            stderr.WriteLine($"workbench run: {e.Message}");
            return ExitBadInput;
        }
        if (OutputProblem(options) is { } problem)
        {
            stderr.WriteLine($"workbench run: {problem}");
            return ExitBadInput;
        }
        if (options.PrepareOnly) return Prepare(notebooks, options, stdout, stderr);

        var ownPool = pool is null;
        pool ??= new WorkerPool(worker with { MemoryLimitBytes = options.MemoryLimitBytes, PreloadLibrary = LabLibrary(notebooks) }, options.Workers);
        if (ownPool) pool.Prestart(Math.Min(options.Workers, notebooks.Count));
        ConsoleCancelEventHandler cancel = (_, _) => pool.KillAll();
        Console.CancelKeyPress += cancel;
        try
        {
            List<NotebookResult> results;
            try
            {
                results = await RunAllAsync(notebooks, options, pool, stderr);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"workbench run: --output {options.OutputDirectory}: cannot write: {e.Message}");
                return ExitBadInput;
            }
            var exit = results.All(r => r.Status == NotebookStatus.Passed) ? ExitPassed : ExitFailed;
            // The report is written even when stdout is gone, and the run's exit code never depends on it.
            if (options.JUnitPath is { } junit)
            {
                try
                {
                    JUnitReport.Write(junit, results, notebooks);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"workbench run: --junit {junit}: cannot write: {e.Message}");
                }
            }
            try
            {
                WriteSummary(results, stdout);
                stdout.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"workbench run: cannot write the summary to standard output: {e.InnerException?.Message ?? e.Message}");
                return ExitBadInput;
            }
            return exit;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
            if (ownPool) pool.Dispose();
        }
    }

    /// <summary>The workbench library the first notebook that loads one names (absolute, as its <c>#r</c> resolves from its folder), or null.</summary>
    internal static string? LabLibrary(IEnumerable<NotebookDocument> notebooks) => notebooks
        .SelectMany(nb => nb.LocalReferences.Select(r => Path.GetFullPath(r, Path.GetDirectoryName(nb.SourcePath)!)))
        .FirstOrDefault(p => Path.GetFileName(p) == "Workbench.Lab.dll" && File.Exists(p));

    /// <summary><c>--prepare-only</c>: each parametrised notebook written to the output folder, nothing run.</summary>
    static int Prepare(List<NotebookDocument> notebooks, RunOptions options, TextWriter stdout, TextWriter stderr)
    {
        foreach (var nb in notebooks)
        {
            var path = Path.Combine(options.OutputDirectory, nb.Name + ".ipynb");
            try
            {
                NotebookRunner.WriteAtomically(path, IpynbWriter.Write(nb));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"workbench run: --output {options.OutputDirectory}: cannot write: {e.Message}");
                return ExitBadInput;
            }
            stdout.WriteLine($"prepared {path}");
        }
        return ExitPassed;
    }

    /// <summary>
    /// Why the output folder or the JUnit file cannot be written (checked before anything runs, so that a run's
    /// results are never lost to a bad path), or null.
    /// </summary>
    internal static string? OutputProblem(RunOptions options)
    {
        var dir = options.OutputDirectory;
        try
        {
            if (File.Exists(dir)) return $"--output {dir}: is a file, not a folder";
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".workbench-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"--output {dir}: cannot write there: {e.Message}";
        }
        if (options.JUnitPath is not { } junit) return null;
        if (Directory.Exists(junit)) return $"--junit {junit}: is a directory, not a file";
        try
        {
            var existed = File.Exists(junit);
            if (Path.GetDirectoryName(Path.GetFullPath(junit)) is { } parent) Directory.CreateDirectory(parent);
            using (File.Open(junit, FileMode.OpenOrCreate, FileAccess.Write)) { }
            if (!existed) File.Delete(junit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"--junit {junit}: cannot write: {e.Message}";
        }
        return null;
    }

    static List<NotebookDocument> Load(RunOptions options)
    {
        var notebooks = NotebookLoader.Expand(options.Paths).Select(NotebookLoader.Load).ToList();
        if (notebooks.Count == 0) throw new NotebookInputException(string.Join(" ", options.Paths), null, "no notebooks (.ipynb, .dib) found");
        foreach (var nb in notebooks) NotebookParameters.Apply(nb, options.Parameters);
        var clash = notebooks.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new NotebookInputException(clash.Last().SourcePath, null,
                $"two notebooks are named '{clash.Key}' ({string.Join(", ", clash.Select(n => n.SourcePath))}); their outputs would overwrite each other");
        return notebooks;
    }

    internal static async Task<List<NotebookResult>> RunAllAsync(List<NotebookDocument> notebooks, RunOptions options, WorkerPool pool, TextWriter stderr)
    {
        var settings = new RunSettings
        {
            CellTimeout = options.CellTimeout, AllowErrors = options.AllowErrors, OutputDirectory = options.OutputDirectory,
            MaxOutput = options.MaxOutput,
            NoInput = options.NoInput, TableOfContents = options.TableOfContents, InlinePlotlyJs = options.InlinePlotlyJs,
            StaticImages = options.StaticImages, WorkingDirectory = options.WorkingDirectory,
            Heartbeat = options.Heartbeat, LogOutput = options.LogOutput,
        };
        var gate = new object();
        void Say(string line)
        {
            lock (gate) stderr.WriteLine(line);
        }
        var runner = new NotebookRunner(pool, settings, new RunProgress
        {
            Started = (doc, cell) => Say(StartLine(doc.Name, cell)),
            Heartbeat = (doc, cell, elapsed) => Say(HeartbeatLine(doc.Name, cell, elapsed)),
            Output = (doc, _, stream, text) => Say(OutputLines(doc.Name, stream, text)),
            Finished = (doc, cell) => Say(ProgressLine(doc.Name, cell)),
        });
        // Notebooks start in input order: each of the pool's lanes takes the next one when it is free. A notebook's
        // outputs (plotly.js inlined, the final .ipynb, the HTML page) are written on another thread while its lane
        // already runs the next notebook: on two cores that hides most of the writing.
        var results = new NotebookResult[notebooks.Count];
        var finishing = new Task[notebooks.Count];
        var next = -1;
        var lanes = Enumerable.Range(0, Math.Min(pool.Size, notebooks.Count)).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < notebooks.Count;)
            {
                var nb = notebooks[i];
                // Its worker will be retired (a local library's statics; the workbench library's are reset instead):
                // start the next notebook's worker meanwhile.
                if (nb.ReferencesOtherLocalLibrary && i + 1 < notebooks.Count) pool.Prestart(1);
                var executed = await runner.ExecuteAsync(nb);
                int index = i;
                finishing[i] = Task.Run(() =>
                {
                    var result = runner.Finish(executed);
                    if (result.Message is not null)
                        Say($"[{nb.Name}] {result.Status.ToString().ToLowerInvariant()}: {result.Message}");
                    results[index] = result;
                });
            }
        })).ToList();
        try
        {
            await Task.WhenAll(lanes);
        }
        finally
        {
            // Even when a lane failed: the notebooks that ran keep their outputs.
            await Task.WhenAll(finishing.Where(t => t is not null));
        }
        return results.ToList();
    }

    /// <summary>
    /// <c>[00-getting-started] cell 3/12 ok 0.21s (cell 5)</c>: the code cell's count (as in the summary), its status and time,
    /// and its position among all cells, the number messages name.
    /// </summary>
    public static string ProgressLine(string name, CellReport cell) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{name}] cell {cell.CodeIndex}/{cell.CodeTotal} {StatusWord(cell.Status)} {cell.Elapsed.TotalSeconds:0.00}s (cell {cell.Index})");

    /// <summary><c>[00-getting-started] cell 3/12 started (cell 5)</c></summary>
    public static string StartLine(string name, CellStart cell) => $"[{name}] cell {cell.CodeIndex}/{cell.CodeTotal} started (cell {cell.Index})";

    /// <summary><c>[00-getting-started] cell 3/12 still running after 10s (cell 5)</c></summary>
    public static string HeartbeatLine(string name, CellStart cell, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"[{name}] cell {cell.CodeIndex}/{cell.CodeTotal} still running after {elapsed.TotalSeconds:0}s (cell {cell.Index})");

    /// <summary><c>[00-getting-started] stdout: TEXT</c>, one line per line of text a cell wrote (<c>--log-output</c>).</summary>
    public static string OutputLines(string name, string stream, string text) =>
        string.Join('\n', text.TrimEnd('\n').Replace("\r\n", "\n").Split('\n').Select(l => $"[{name}] {stream}: {l}"));

    static string StatusWord(CellStatus s) => s switch
    {
        CellStatus.Ok => "ok",
        CellStatus.Failed => "FAILED",
        CellStatus.FailedAllowed => "failed (allowed)",
        CellStatus.TimedOut => "TIMED OUT",
        _ => "CRASHED",
    };

    internal static void WriteSummary(List<NotebookResult> results, TextWriter w)
    {
        var width = Math.Max(8, results.Max(r => r.Name.Length));
        w.WriteLine();
        w.WriteLine($"{"notebook".PadRight(width)}  {"cells",7}  {"seconds",8}  status");
        foreach (var r in results)
        {
            var ran = string.Create(CultureInfo.InvariantCulture, $"{r.Cells.Count}/{r.CodeCells}");
            var status = r.Status.ToString().ToLowerInvariant();
            if (r.FailedCell is { } f) status += $" at cell {f.Index}";
            if (r.Cells.Any(c => c.Status == CellStatus.FailedAllowed)) status += " (errors allowed)";
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name.PadRight(width)}  {ran,7}  {r.Elapsed.TotalSeconds,8:0.00}  {status}"));
            if (r.Hint is not null) w.WriteLine($"{"".PadRight(width)}  hint: {r.Hint}");
        }
        var passed = results.Count(r => r.Status == NotebookStatus.Passed);
        w.WriteLine($"{passed}/{results.Count} notebooks passed");
    }
}
