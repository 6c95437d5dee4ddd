// Runs one notebook in a leased worker: a fresh kernel whose working directory is the notebook's folder, cells in
// order, the executed notebook written after every cell, the HTML page at the end.
using System.Diagnostics;
using System.Text;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Html;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Executes notebooks on workers from a shared <see cref="WorkerPool"/>. Thread-safe: several notebooks may run
/// at once, each on its own worker. <paramref name="progress"/> hears when each code cell starts, beats and ends.
/// </summary>
public sealed class NotebookRunner(WorkerPool pool, RunSettings settings, RunProgress? progress = null)
{
    /// <summary>A runner that only hears when each code cell ends (<paramref name="onCell"/>, from the thread running that notebook).</summary>
    public NotebookRunner(WorkerPool pool, RunSettings settings, Action<NotebookDocument, CellReport>? onCell)
        : this(pool, settings, new RunProgress { Finished = onCell })
    {
    }

    public const string RaisesExceptionTag = "raises-exception";
    public const string LabNotBuiltHint = "the workbench library is not built: run `dotnet build src/Workbench.Lab`";

    public RunSettings Settings => settings;

    /// <summary>Runs <paramref name="doc"/> (already parameterised) and writes its outputs.</summary>
    public async Task<NotebookResult> RunAsync(NotebookDocument doc, CancellationToken cancellationToken = default) =>
        Finish(await ExecuteAsync(doc, cancellationToken));

    /// <summary>
    /// A notebook whose cells have run and whose worker is back in the pool; <see cref="Finish"/> writes its outputs.
    /// </summary>
    public sealed class Executed
    {
        internal Executed(NotebookDocument source, NotebookDocument notebook, List<CellReport> reports, NotebookStatus status,
            string? message, string? hint, Stopwatch clock, string ipynb, string html) =>
            (Source, Notebook, Reports, Status, Message, Hint, Clock, Ipynb, Html) = (source, notebook, reports, status, message, hint, clock, ipynb, html);

        internal NotebookDocument Source { get; }
        internal NotebookDocument Notebook { get; }
        internal List<CellReport> Reports { get; }
        internal NotebookStatus Status { get; }
        internal string? Message { get; }
        internal string? Hint { get; }
        internal Stopwatch Clock { get; }
        internal string Ipynb { get; }
        internal string Html { get; }
    }

    /// <summary>
    /// The first half of <see cref="RunAsync"/>: runs the cells on a leased worker (the executed notebook is written
    /// after every cell) and returns the worker to the pool. The command finishes each notebook while its worker
    /// already runs the next one.
    /// </summary>
    public async Task<Executed> ExecuteAsync(NotebookDocument doc, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var executed = new NotebookDocument
        {
            SourcePath = doc.SourcePath,
            Name = doc.Name,
            DefaultKernelName = doc.DefaultKernelName,
            Metadata = (System.Text.Json.Nodes.JsonObject)doc.Metadata.DeepClone(),
            Cells = doc.Cells.Select(c => c.CloneForRun()).ToList(),
            InjectedParameters = (System.Text.Json.Nodes.JsonObject?)doc.InjectedParameters?.DeepClone(),
        };
        Directory.CreateDirectory(settings.OutputDirectory);
        var ipynb = Path.Combine(settings.OutputDirectory, doc.Name + ".ipynb");
        var html = Path.Combine(settings.OutputDirectory, doc.Name + ".html");
        // The page is written at the end only: delete the previous run's now, so that after a kill the folder never
        // holds a NAME.html from another run than NAME.ipynb.
        File.Delete(html);
        WriteAtomically(ipynb, IpynbWriter.Write(executed));

        var reports = new List<CellReport>();
        var status = NotebookStatus.Passed;
        string? message = null, hint = null;
        var worker = await pool.AcquireAsync(cancellationToken);
        try
        {
            worker.NotebooksOpened++;
            var folder = settings.WorkingDirectory ?? Path.GetDirectoryName(doc.SourcePath)!;
            var (outcome, reply) = await worker.SendAsync(new WorkerRequest
            {
                Op = WorkerRequest.Open, Directory = folder, Output = Path.GetFullPath(settings.OutputDirectory), Notebook = doc.Name,
            }, settings.OpenTimeout);
            if (outcome != WorkerOutcome.Replied || reply is not { Ok: true })
            {
                if (outcome == WorkerOutcome.TimedOut) worker.Kill();
                else if (reply is null) worker.WaitForExit(TimeSpan.FromSeconds(5)); // its last stderr lines, read to the end
                status = NotebookStatus.Crashed;
                message = $"{doc.SourcePath}: the worker could not open a kernel ({outcome}): {reply?.Message ?? worker.StderrTail}";
            }
            else
            {
                (status, message, hint) = await RunCellsAsync(worker, executed, ipynb, reports, cancellationToken);
                if (worker.IsHealthy)
                {
                    var (closed, bye) = await worker.SendAsync(new WorkerRequest { Op = WorkerRequest.Close }, settings.OpenTimeout);
                    if (closed != WorkerOutcome.Replied) worker.Kill();
                    else if (bye?.Recycle is not null) worker.Retire();
                }
            }
        }
        finally
        {
            pool.Release(worker);
        }
        return new Executed(doc, executed, reports, status, message, hint, total, ipynb, html);
    }

    /// <summary>
    /// The second half of <see cref="RunAsync"/>: inlines plotly.js, adds static images if asked, and writes the
    /// executed notebook and its HTML page. Needs no worker.
    /// </summary>
    public NotebookResult Finish(Executed run)
    {
        var (doc, executed, reports, status, hint, ipynb, html) = (run.Source, run.Notebook, run.Reports, run.Status, run.Hint, run.Ipynb, run.Html);
        var message = run.Message;
        if (settings.InlinePlotlyJs) ChartOutputs.InlinePlotlyJs(executed, PlotlyScript.Load);
        if (settings.StaticImages) message = StaticImages(executed, message);
        WriteAtomically(ipynb, IpynbWriter.Write(executed));
        var failed = reports.FirstOrDefault(r => r.Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.Crashed);
        var page = new PageOptions
        {
            NoInput = settings.NoInput, TableOfContents = settings.TableOfContents,
            Failure = status == NotebookStatus.Passed ? null
                : new PageFailure(failed?.CellId, failed?.Index, status.ToString().ToLowerInvariant(),
                    // The page names the notebook by file name: no absolute path on a page meant to be shared.
                    (message ?? "").Replace(doc.SourcePath, Path.GetFileName(doc.SourcePath), StringComparison.Ordinal)),
        };
        WriteAtomically(html, NotebookHtmlWriter.Write(executed, page));
        return new NotebookResult(doc.SourcePath, doc.Name, status, reports, executed.Cells.Count(c => c.Kind == CellKind.Code), run.Clock.Elapsed, ipynb, html, message, hint)
        {
            Records = Sweep.RecordedResults.From(executed),
        };
    }

    async Task<(NotebookStatus, string?, string?)> RunCellsAsync(
        WorkerProcess worker, NotebookDocument executed, string ipynb, List<CellReport> reports, CancellationToken cancellationToken)
    {
        var scrubber = OutputScrubber.ForNotebook(executed.SourcePath);
        int count = 0, codeTotal = executed.Cells.Count(c => c.Kind == CellKind.Code);
        for (int i = 0; i < executed.Cells.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cell = executed.Cells[i];
            if (cell.Kind != CellKind.Code) continue;
            var kernel = cell.KernelName ?? executed.DefaultKernelName;
            var request = new WorkerRequest
            {
                Op = WorkerRequest.Cell, Kernel = kernel, Code = ExecutionSource(cell.Source), MaxOutput = settings.MaxOutput,
                Stream = settings.LogOutput && progress?.Output is not null,
            };
            var start = new CellStart(i + 1, count + 1, codeTotal, cell.Id);
            progress?.Started?.Invoke(executed, start);
            var clock = Stopwatch.StartNew();
            var (outcome, reply) = await SendWithHeartbeatAsync(worker, request, executed, start, clock);
            var step = new Step(executed, i, clock.Elapsed, start);
            cell.ExecutionCount = ++count;
            var (report, stop, hint) = outcome switch
            {
                WorkerOutcome.TimedOut => TimedOut(worker, step),
                _ when reply is not { Ok: true } => Crashed(worker, step, reply),
                _ when reply.Cell!.ErrorName == nameof(OutOfMemoryException) => OutOfMemory(worker, step, reply.Cell, scrubber),
                _ => Completed(step, reply.Cell!, scrubber),
            };
            reports.Add(report);
            WriteAtomically(ipynb, IpynbWriter.Write(executed));
            progress?.Finished?.Invoke(executed, report);
            if (stop is { } s) return (s, report.Message, hint);
        }
        return (NotebookStatus.Passed, null, null);
    }

    /// <summary>Sends a cell, with a heartbeat every <see cref="RunSettings.Heartbeat"/> until it ends and its streamed text passed on.</summary>
    async Task<(WorkerOutcome, WorkerReply?)> SendWithHeartbeatAsync(
        WorkerProcess worker, WorkerRequest request, NotebookDocument doc, CellStart start, Stopwatch clock)
    {
        Timer? beat = null;
        if (settings.Heartbeat > TimeSpan.Zero && progress?.Heartbeat is { } onBeat)
            beat = new Timer(_ => onBeat(doc, start, clock.Elapsed), null, settings.Heartbeat, settings.Heartbeat);
        try
        {
            Action<StreamChunk>? onStream = progress?.Output is { } output && request.Stream ? c => output(doc, start, c.Name, c.Text) : null;
            return await worker.SendAsync(request, settings.CellTimeout, onStream);
        }
        finally
        {
            if (beat is not null) await beat.DisposeAsync(); // waits for a beat in flight: none comes after the end line
        }
    }

    /// <summary>The cell being reported: its notebook, 0-based position, wall time and code-cell count.</summary>
    readonly record struct Step(NotebookDocument Notebook, int Position, TimeSpan Elapsed, CellStart Start)
    {
        public NotebookCell Cell => Notebook.Cells[Position];

        public string Where => $"{Notebook.SourcePath}: cell {Position + 1}";

        public CellReport Report(CellStatus status, string? message, IReadOnlyList<Engine.CellDiagnostic> diagnostics) =>
            new(Position + 1, Notebook.Cells.Count, Cell.Id, status, Elapsed, message, diagnostics)
            {
                CodeIndex = Start.CodeIndex, CodeTotal = Start.CodeTotal,
            };
    }

    /// <summary>The cell overran its limit: the worker (and every process it started) is killed; the notebook stops.</summary>
    (CellReport, NotebookStatus?, string?) TimedOut(WorkerProcess worker, Step step)
    {
        worker.Kill();
        var seconds = settings.CellTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var text = $"the cell did not finish within {seconds} s; its worker process was killed";
        step.Cell.Outputs.Add(CellOutput.Failure("CellTimeoutError", text, [text]));
        return (step.Report(CellStatus.TimedOut, $"{step.Where}: {text}", []), NotebookStatus.TimedOut, null);
    }

    /// <summary>
    /// The worker died (or could not serve the request): reported with its exit code and last stderr lines, or as
    /// a stack overflow or the memory limit when its last words say so (without the runtime's thousands of
    /// frames); the notebook stops.
    /// </summary>
    static (CellReport, NotebookStatus?, string?) Crashed(WorkerProcess worker, Step step, WorkerReply? reply)
    {
        var exit = reply is null ? worker.WaitForExit(TimeSpan.FromSeconds(5)) : null;
        worker.Kill();
        var death = reply?.Message is { } failure && failure.Contains(nameof(OutOfMemoryException), StringComparison.Ordinal)
            ? WorkerDeath.OutOfMemory : worker.Death;
        var (name, text) = death switch
        {
            WorkerDeath.StackOverflow => ("StackOverflow", "stack overflow: the cell recursed too deep and its worker process died"),
            WorkerDeath.OutOfMemory => ("MemoryLimitExceeded", MemoryLimitText(worker)),
            _ when reply?.Message is { } m => ("WorkerCrashed", $"the worker failed: {FirstLine(m)}"),
            _ => ("WorkerCrashed", $"the worker process exited{(exit is { } code ? $" with code {code}" : "")} while running the cell"),
        };
        step.Cell.Outputs.Add(CellOutput.Failure(name, text, [text]));
        var detail = death == WorkerDeath.Unknown && worker.StderrTail is { Length: > 0 } tail ? $"\n{tail}" : "";
        return (step.Report(CellStatus.Crashed, $"{step.Where}: {text}{detail}", []), NotebookStatus.Crashed, null);
    }

    /// <summary>The cell ran out of the worker's heap (OutOfMemoryException): its outputs are kept, the worker (whose
    /// heap is full) is killed, and the notebook stops with "memory limit exceeded".</summary>
    static (CellReport, NotebookStatus?, string?) OutOfMemory(WorkerProcess worker, Step step, Engine.CellExecution run, OutputScrubber scrubber)
    {
        worker.Kill();
        foreach (var o in run.Outputs) scrubber.Scrub(o);
        step.Cell.Outputs.AddRange(run.Outputs);
        var text = MemoryLimitText(worker);
        return (step.Report(CellStatus.Crashed, $"{step.Where}: {text}", run.Diagnostics), NotebookStatus.Crashed, null);
    }

    static string MemoryLimitText(WorkerProcess worker) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"memory limit exceeded: the cell needed more than the worker's {worker.MemoryLimitBytes / (1024.0 * 1024):0.#} MiB (--memory-limit); its worker process was killed");

    /// <summary>The cell ran: its scrubbed outputs are kept; a failure stops the notebook unless it is allowed.</summary>
    (CellReport, NotebookStatus?, string?) Completed(Step step, Engine.CellExecution run, OutputScrubber scrubber)
    {
        foreach (var o in run.Outputs) scrubber.Scrub(o);
        step.Cell.Outputs.AddRange(run.Outputs);
        if (!run.Failed) return (step.Report(CellStatus.Ok, null, run.Diagnostics), null, null);
        var allowed = settings.AllowErrors || step.Cell.HasTag(RaisesExceptionTag);
        var error = scrubber.Scrub(run.ErrorMessage ?? "");
        var hint = error.Contains("CS0006", StringComparison.Ordinal) && error.Contains("Workbench.Lab.dll", StringComparison.Ordinal)
            ? LabNotBuiltHint : null;
        var message = $"{step.Where}: {FirstLine(error)}{(hint is null ? "" : $"\nhint: {hint}")}";
        return allowed
            ? (step.Report(CellStatus.FailedAllowed, message, run.Diagnostics), null, null)
            : (step.Report(CellStatus.Failed, message, run.Diagnostics), NotebookStatus.Failed, hint);
    }

    /// <summary>Adds SVGs of the charts; a missing browser is reported in the message, never a failure of the notebook.</summary>
    static string? StaticImages(NotebookDocument executed, string? message)
    {
        var problem = StaticChartImages.Add(executed);
        if (problem is null) return message;
        return message is null ? $"{executed.SourcePath}: --static-images: {problem}" : message + $"\n--static-images: {problem}";
    }

    /// <summary>The code sent to the kernel: without a leading kernel selector line such as <c>#!csharp</c>.</summary>
    internal static string ExecutionSource(string source)
    {
        var newline = source.IndexOf('\n');
        var first = newline < 0 ? source : source[..newline];
        return KernelNames.Selector(first) is not null ? (newline < 0 ? "" : source[(newline + 1)..]) : source;
    }

    static string FirstLine(string s)
    {
        var t = s.TrimStart();
        var n = t.IndexOf('\n');
        return n < 0 ? t : t[..n];
    }

    /// <summary>Writes UTF-8 without BOM through a temporary file, so a reader never sees half a notebook.</summary>
    internal static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
