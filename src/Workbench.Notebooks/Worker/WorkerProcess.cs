// The runner side of one worker: starts the process, talks to it over its own protocol channel (a Unix socket, see
// WorkerProtocol.cs), waits for replies with a deadline, and kills the whole process tree when a deadline passes:
// every descendant under /proc, setsid daemons included (the worker is their subreaper), then the worker. The
// worker's stdout and stderr carry only what cells and their children print: stdout is drained and dropped, the end
// of stderr is kept (bounded) for crash reports, so the runner's memory does not grow with what a cell prints.
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
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

/// <summary>Why a worker died, as far as its last words on stderr tell.</summary>
public enum WorkerDeath
{
    Unknown,
    StackOverflow,
    OutOfMemory,
}

/// <summary>
/// One worker process. Requests are sent one at a time by the runner that leased it; not thread-safe.
/// Once <see cref="Kill"/> has run or the process has exited, <see cref="IsHealthy"/> is false for good.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    readonly Process process;
    readonly Channel<string> replies = Channel.CreateUnbounded<string>();
    readonly TaskCompletionSource<StreamWriter?> writer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly StderrTail stderr = new();
    readonly Task stderrDrained; // ends with the worker's stderr (its last words: "Stack overflow.", out of memory)
    bool killed;
    bool retired;

    WorkerProcess(Process process, Socket listener, string channelPath, long memoryLimit)
    {
        this.process = process;
        MemoryLimitBytes = memoryLimit;
        _ = Task.Run(() => ServeChannelAsync(listener, channelPath));
        _ = Task.Run(() => DrainAsync(process.StandardOutput.BaseStream, null));
        stderrDrained = Task.Run(() => DrainAsync(process.StandardError.BaseStream, stderr));
    }

    /// <summary>Notebooks this worker has opened; the pool retires it after a number of them.</summary>
    public int NotebooksOpened { get; set; }

    public bool IsHealthy => !killed && !retired && !process.HasExited;

    /// <summary>Marks a healthy worker as not to be reused (its notebook left process state behind); the pool disposes it.</summary>
    public void Retire() => retired = true;

    public int ProcessId => process.Id;

    /// <summary>The worker's heap limit (DOTNET_GCHeapHardLimit).</summary>
    public long MemoryLimitBytes { get; }

    /// <summary>The last lines the worker wrote to stderr (for crash reports), at most a few kilobytes.</summary>
    public string StderrTail => stderr.Text;

    /// <summary>What the worker's stderr said it died of.</summary>
    public WorkerDeath Death => stderr.Death;

    public static WorkerProcess Start(WorkerStartInfo info)
    {
        // A socket path must fit sun_path (108 bytes): fall back to /tmp when TMPDIR is long.
        var name = $"wb-{Environment.ProcessId}-{Guid.NewGuid():N}.sock";
        var path = Path.Combine(Path.GetTempPath().Length + name.Length < 100 ? Path.GetTempPath() : "/tmp", name);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var psi = new ProcessStartInfo(info.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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
        // The memory limit, enforced by the GC: allocations past it throw OutOfMemoryException.
        psi.Environment["DOTNET_GCHeapHardLimit"] = info.MemoryLimitBytes.ToString("x", CultureInfo.InvariantCulture);
        psi.Environment[WorkerHost.RunnerPidVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        psi.Environment[WorkerProtocol.ChannelVariable] = path;
        if (info.PreloadLibrary is { } preload) psi.Environment[WorkerHost.PreloadVariable] = preload;
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"WorkerProcess: could not start {info.FileName}");
        }
        catch
        {
            listener.Dispose();
            File.Delete(path);
            throw;
        }
        process.StandardInput.Close(); // a cell reading stdin gets end of input, not the runner's terminal
        return new WorkerProcess(process, listener, path, info.MemoryLimitBytes);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits up to <paramref name="timeout"/> (connection included) for the
    /// reply. On <see cref="WorkerOutcome.TimedOut"/> the caller must <see cref="Kill"/> the worker.
    /// </summary>
    /// <remarks>Interim lines (a running cell's streamed text, when <see cref="WorkerRequest.Stream"/> is set) go to <paramref name="onStream"/>.</remarks>
    public async Task<(WorkerOutcome Outcome, WorkerReply? Reply)> SendAsync(WorkerRequest request, TimeSpan timeout, Action<StreamChunk>? onStream = null)
    {
        if (!IsHealthy) return (WorkerOutcome.Crashed, null);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var w = await writer.Task.WaitAsync(cts.Token);
            if (w is null) return (WorkerOutcome.Crashed, null);
            await w.WriteLineAsync(WorkerProtocol.Encode(request));
            while (true)
            {
                var reply = WorkerProtocol.Decode<WorkerReply>(await replies.Reader.ReadAsync(cts.Token));
                if (reply.Stream is not { } chunk) return (WorkerOutcome.Replied, reply);
                onStream?.Invoke(chunk);
            }
        }
        catch (OperationCanceledException)
        {
            return (WorkerOutcome.TimedOut, null);
        }
        catch (Exception e) when (e is ChannelClosedException or IOException or ObjectDisposedException)
        {
            return (WorkerOutcome.Crashed, null);
        }
    }

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Waits up to <paramref name="timeout"/> for a worker whose channel has closed to exit; returns its exit code or null.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        try
        {
            if (!process.WaitForExit(timeout)) return null;
            // What the worker wrote last is read before anyone asks what it died of (Death, StderrTail). A descendant
            // that holds the pipe open would keep it from ending: the wait is bounded.
            try { stderrDrained.Wait(TimeSpan.FromSeconds(2)); }
            catch (AggregateException) { } // the reader failed: the tail is what it read
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Accepts the worker's connection (or gives up when it exits first), then reads reply lines until it closes.</summary>
    async Task ServeChannelAsync(Socket listener, string path)
    {
        try
        {
            var accept = listener.AcceptAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(accept, exited) != accept) return;
            var stream = new NetworkStream(await accept, ownsSocket: true);
            Cleanup(listener, path);
            writer.TrySetResult(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            while (await reader.ReadLineAsync() is { } line)
                replies.Writer.TryWrite(line);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The worker went away; the reply channel closes below.
        }
        finally
        {
            Cleanup(listener, path);
            writer.TrySetResult(null);
            replies.Writer.TryComplete();
        }
    }

    static void Cleanup(Socket listener, string path)
    {
        listener.Dispose();
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end in fixed chunks: kept in <paramref name="tail"/> (bounded) or dropped.</summary>
    static async Task DrainAsync(Stream stream, StderrTail? tail)
    {
        var buffer = new byte[16 * 1024];
        var decoder = new UTF8Encoding(false).GetDecoder();
        var chars = new char[buffer.Length + 1];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
                if (tail is not null)
                    tail.Append(chars.AsSpan(0, decoder.GetChars(buffer, 0, n, chars, 0)));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe went away with the process.
        }
    }

    /// <summary>Kills every process the worker started (setsid descendants included), then the worker. No requirements; idempotent.</summary>
    public void Kill()
    {
        killed = true;
        try
        {
            if (!process.HasExited)
            {
                ProcessTree.KillTree(process.Id);
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            else ProcessTree.KillTree(process.Id); // orphans the worker adopted may outlive it briefly
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        replies.Writer.TryComplete();
    }

    /// <summary>Asks the worker to exit, then kills it (and whatever it left) if it has not within two seconds.</summary>
    public void Dispose()
    {
        if (!killed && !process.HasExited && writer.Task is { IsCompletedSuccessfully: true, Result: { } w })
        {
            try
            {
                w.WriteLine(WorkerProtocol.Encode(new WorkerRequest { Op = WorkerRequest.Exit }));
                process.WaitForExit(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // Broken channel: it is exiting anyway.
            }
        }
        Kill();
        process.Dispose();
    }
}
