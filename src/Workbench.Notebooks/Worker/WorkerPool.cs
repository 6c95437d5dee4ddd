// A pool of warm worker processes shared by notebook runs: a fresh kernel per notebook, but the process (and its
// JIT-compiled Roslyn) stays. A worker that was killed or crashed is dropped and a new one starts on demand.
namespace Workbench.Notebooks.Worker;

/// <summary>
/// At most <see cref="Size"/> workers, each leased to one notebook run at a time. Thread-safe.
/// Lifecycle of a worker: started by <see cref="AcquireAsync"/> (or <see cref="Prestart"/>), returned by
/// <see cref="Release"/>; retired (disposed) when unhealthy or after <see cref="NotebooksPerWorker"/> notebooks,
/// or when the pool is disposed.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    /// <summary>Assemblies loaded by notebooks stay loaded in a worker; recycling bounds that growth.</summary>
    public const int NotebooksPerWorker = 25;

    readonly WorkerStartInfo start;
    readonly SemaphoreSlim slots;
    readonly object gate = new();
    readonly Stack<WorkerProcess> idle = new();
    readonly List<Task<WorkerProcess>> starting = new();
    readonly HashSet<WorkerProcess> live = new();
    bool disposed;

    public WorkerPool(WorkerStartInfo start, int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "WorkerPool: size must be at least 1");
        this.start = start;
        Size = size;
        slots = new SemaphoreSlim(size, size);
    }

    public int Size { get; }

    /// <summary>Workers started so far (for tests and the summary: a number above the notebooks' count means restarts).</summary>
    public int WorkersStarted { get; private set; }

    /// <summary>Starts up to <paramref name="count"/> workers in the background so the first notebooks find them warm.</summary>
    public void Prestart(int count)
    {
        lock (gate)
        {
            for (int i = starting.Count + idle.Count; i < Math.Min(count, Size); i++)
            {
                WorkersStarted++;
                starting.Add(Task.Run(StartTracked));
            }
        }
    }

    /// <summary>Waits for a free slot and returns a healthy worker, started if need be.</summary>
    public async Task<WorkerProcess> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken);
        Task<WorkerProcess>? pending = null;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            while (idle.TryPop(out var w))
            {
                if (w.IsHealthy) return w;
                w.Dispose();
            }
            if (starting.Count > 0)
            {
                pending = starting[^1];
                starting.RemoveAt(starting.Count - 1);
            }
            else WorkersStarted++;
        }
        try
        {
            var worker = pending is not null ? await pending : StartTracked();
            if (worker.IsHealthy) return worker;
            Retire(worker);
            lock (gate) WorkersStarted++;
            return StartTracked();
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Returns a leased worker; an unhealthy or worn-out one is disposed instead of kept.</summary>
    public void Release(WorkerProcess worker)
    {
        bool keep;
        lock (gate)
        {
            keep = !disposed && worker.IsHealthy && worker.NotebooksOpened < NotebooksPerWorker;
            if (keep) idle.Push(worker);
        }
        if (!keep) Retire(worker);
        slots.Release();
    }

    /// <summary>
    /// Kills every worker, leased or idle, at once; for Ctrl+C and process exit, so that no worker outlives the
    /// runner (a worker stuck in a cell never reads its stdin, so it would not notice the runner is gone).
    /// </summary>
    public void KillAll()
    {
        List<WorkerProcess> all;
        lock (gate) all = live.ToList();
        foreach (var w in all) w.Kill();
    }

    WorkerProcess StartTracked()
    {
        var w = WorkerProcess.Start(start);
        lock (gate) live.Add(w);
        return w;
    }

    void Retire(WorkerProcess worker)
    {
        lock (gate) live.Remove(worker);
        worker.Dispose();
    }

    public void Dispose()
    {
        List<WorkerProcess> all;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            all = idle.ToList();
            idle.Clear();
            foreach (var t in starting)
                if (t.Wait(TimeSpan.FromSeconds(30))) all.Add(t.Result);
            starting.Clear();
        }
        foreach (var w in all) Retire(w);
        KillAll();
    }
}
