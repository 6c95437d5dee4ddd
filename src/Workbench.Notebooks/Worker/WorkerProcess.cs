// The runner side of one worker: starts the process, sends requests, waits for replies with a deadline, and
// kills the whole process tree when a deadline passes. Orphaned grandchildren (a Chromium a cell started) would
// otherwise keep the pipes open and hang the runner (see ../shared/notebooks.md §10.12).
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Workbench.Notebooks.Worker;

/// <summary>How a request ended.</summary>
public enum WorkerOutcome
{
    Replied,
    TimedOut,
    Crashed,
}

/// <summary>
/// One worker process. Requests are sent one at a time by the runner that leased it; not thread-safe.
/// Once <see cref="Kill"/> has run or the process has exited, <see cref="IsHealthy"/> is false for good.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    const int StderrLinesKept = 40;

    readonly Process process;
    readonly Channel<string> replies = Channel.CreateUnbounded<string>();
    readonly Queue<string> stderrTail = new();
    bool killed;
    bool retired;

    WorkerProcess(Process process)
    {
        this.process = process;
        _ = Task.Run(ReadRepliesAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderrTail)
            {
                stderrTail.Enqueue(e.Data);
                while (stderrTail.Count > StderrLinesKept) stderrTail.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Notebooks this worker has opened; the pool retires it after a number of them.</summary>
    public int NotebooksOpened { get; set; }

    public bool IsHealthy => !killed && !retired && !process.HasExited;

    /// <summary>Marks a healthy worker as not to be reused (its notebook left process state behind); the pool disposes it.</summary>
    public void Retire() => retired = true;

    public int ProcessId => process.Id;

    /// <summary>The last lines the worker wrote to stderr (for crash reports).</summary>
    public string StderrTail
    {
        get { lock (stderrTail) return string.Join('\n', stderrTail); }
    }

    public static WorkerProcess Start(WorkerStartInfo info)
    {
        var psi = new ProcessStartInfo(info.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var a in info.Arguments) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_TieredPGO"] = "0"; // measured 5-10 % faster first cells (notebooks.md §2.3)
        psi.Environment["DOTNET_GCgen0size"] = "0x4000000"; // 64 MB gen0: fewer GCs while Roslyn compiles; measured 10-15 % faster runs
        // Tier-up starts after 1 s without new JIT work (default 0.1 s): a run of small cells keeps compiling new
        // code, so Roslyn is not re-jitted at tier 1 for nothing (measured -17 % CPU on ten small notebooks); a
        // long computation is quiet JIT-wise and still tiers up (and loops go through OSR).
        psi.Environment["DOTNET_TC_CallCountingDelayMs"] = "1000";
        // Charts leave plotly.js out: the runner inlines it once per executed notebook (RunSettings.InlinePlotlyJs).
        psi.Environment["WORKBENCH_PLOTLY_INLINE"] = "never";
        psi.Environment[WorkerHost.RunnerPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"WorkerProcess: could not start {info.FileName}");
        process.StandardInput.AutoFlush = true;
        process.StandardInput.NewLine = "\n";
        return new WorkerProcess(process);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits up to <paramref name="timeout"/> for the reply. On
    /// <see cref="WorkerOutcome.TimedOut"/> the caller must <see cref="Kill"/> the worker.
    /// </summary>
    public async Task<(WorkerOutcome Outcome, WorkerReply? Reply)> SendAsync(WorkerRequest request, TimeSpan timeout)
    {
        if (!IsHealthy) return (WorkerOutcome.Crashed, null);
        try
        {
            await process.StandardInput.WriteLineAsync(WorkerProtocol.Encode(request));
        }
        catch (IOException)
        {
            return (WorkerOutcome.Crashed, null);
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var line = await replies.Reader.ReadAsync(cts.Token);
            return (WorkerOutcome.Replied, WorkerProtocol.Decode<WorkerReply>(line));
        }
        catch (OperationCanceledException)
        {
            return (WorkerOutcome.TimedOut, null);
        }
        catch (ChannelClosedException)
        {
            return (WorkerOutcome.Crashed, null);
        }
    }

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Waits up to <paramref name="timeout"/> for a worker whose output has ended to exit; returns its exit code or null.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        try
        {
            return process.WaitForExit(timeout) ? process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    async Task ReadRepliesAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                if (line.StartsWith(WorkerProtocol.Marker, StringComparison.Ordinal))
                    replies.Writer.TryWrite(line[WorkerProtocol.Marker.Length..]);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe went away with the process; the reply channel closes below.
        }
        replies.Writer.TryComplete();
    }

    /// <summary>Kills the worker and every process it started. No requirements; idempotent.</summary>
    public void Kill()
    {
        killed = true;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        replies.Writer.TryComplete();
    }

    /// <summary>Asks the worker to exit, then kills it if it has not within two seconds.</summary>
    public void Dispose()
    {
        if (!killed && !process.HasExited)
        {
            try
            {
                process.StandardInput.WriteLine(WorkerProtocol.Encode(new WorkerRequest { Op = WorkerRequest.Exit }));
                process.StandardInput.Close();
                process.WaitForExit(TimeSpan.FromSeconds(2));
            }
            catch (IOException)
            {
                // Broken pipe: it is exiting anyway.
            }
        }
        Kill();
        process.Dispose();
    }
}
