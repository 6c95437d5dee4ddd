// Per-syscall metrics at syscall2, the model's single dispatch point (Machine.Syscall / Machine.GuestEvent).
// Instrumented: it copies what the model stamped on each call record and changes nothing the model does.
using Microsoft.Data.Analysis;
using Workbench.Kernel;
using Workbench.Kernel.Kern;

namespace Workbench.Analysis;

/// <summary>
/// Records one row per system call and guest event that passes <c>syscall2</c>: sequence number, tick, pid, tid, the
/// C name, the seven argument words and the path, the result and errno name, and what the call touched as the model
/// stamped it on its <see cref="CallRecord"/> (red-black tree compares, depth and rotations, tokens, blocking points,
/// <c>ve-&gt;refs</c> before and after, <c>vkp-&gt;refs</c>, map entries, resident pages, faults). The recorder looks
/// nothing up itself. Rows go into columnar buffers (<see cref="TraceBuffers"/>); <see cref="ToDataFrame"/> builds
/// the typed columns once. See <see cref="TraceSchema"/> for every column.
/// </summary>
/// <remarks>Not thread-safe: the machine runs one call at a time and the recorder is called under that rule.
/// Attach it to a machine (<see cref="Attach(Machine, int)"/>), or pass it unattached to anything that takes
/// observers (<c>ReplayOptions.Observers</c>).</remarks>
public sealed class SyscallRecorder : ISyscallObserver, IDisposable
{
    readonly TraceBuffers _rows;
    Machine? _machine;
    bool _disposed;

    /// <summary>A recorder not yet attached; <paramref name="seed"/> is written into exported files.</summary>
    public SyscallRecorder(ulong seed = 0, int initialCapacity = 1024)
    {
        Seed = seed;
        _rows = new TraceBuffers(initialCapacity);
    }

    /// <summary>Creates a recorder and attaches it to <paramref name="m"/> (the seed is the machine's).</summary>
    public static SyscallRecorder Attach(Machine m, int initialCapacity = 1024)
    {
        var r = new SyscallRecorder(m.Options.Seed, initialCapacity);
        r.AttachTo(m);
        return r;
    }

    /// <summary>The seed of the run, recorded in the Arrow file's metadata and in file names.</summary>
    public ulong Seed { get; }

    /// <summary>Rows recorded so far.</summary>
    public int Count => _rows.Count;

    /// <summary>The raw columns (read-only use).</summary>
    public TraceBuffers Rows => _rows;

    /// <summary>Attaches to <paramref name="m"/>'s dispatch point. One machine per recorder.</summary>
    public void AttachTo(Machine m)
    {
        ArgumentNullException.ThrowIfNull(m);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_machine is not null) throw new InvalidOperationException("SyscallRecorder: already attached to a machine");
        _machine = m;
        m.Attach(this);
    }

    /// <summary>Detaches from the machine and returns the row buffers to the shared pool: build the DataFrame or
    /// write the files first. Afterwards <see cref="Count"/> is 0 and nothing is recorded.</summary>
    public void Dispose()
    {
        Detach();
        if (_disposed) return;
        _disposed = true;
        _rows.Release();
    }

    /// <summary>Stops recording (when attached with <see cref="AttachTo"/>). The rows recorded so far stay.</summary>
    public void Detach()
    {
        _machine?.Detach(this);
        _machine = null;
    }

    /// <summary>Forgets every row (the attachment stays).</summary>
    public void Clear() => _rows.Clear();

    /// <summary>Builds the DataFrame: one typed column per <see cref="TraceSchema"/> entry, built once.</summary>
    public DataFrame ToDataFrame() => TraceFrame.Build(_rows);

    /// <summary>Writes the trace as CSV (see <see cref="CsvFiles"/>) and, beside it, <c>PATH.json</c> with the seed, the
    /// model version and the meaning of every column (CSV has no place for metadata).</summary>
    public void WriteCsv(string path)
    {
        CsvFiles.Write(ToDataFrame(), path);
        var sidecar = new Dictionary<string, object>
        {
            [TraceSchema.SeedKey] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TraceSchema.ModelKey] = TraceSchema.Model,
            ["columns"] = TraceSchema.Columns.Select(c => new Dictionary<string, object>
            {
                ["name"] = c.Name, ["type"] = c.Type.Name, ["nullable"] = c.Nullable, ["meaning"] = c.Meaning,
            }).ToArray(),
        };
        System.IO.File.WriteAllText(path + ".json", System.Text.Json.JsonSerializer.Serialize(sidecar, SidecarJson) + "\n");
    }

    static readonly System.Text.Json.JsonSerializerOptions SidecarJson = new() { WriteIndented = true };

    /// <summary>Writes the trace as an Arrow IPC file with the seed in its schema metadata.</summary>
    public void WriteArrow(string path) => ArrowFiles.Write(TraceFrame.ToRecordBatch(_rows, Seed), path);

    /// <summary>"trace-seed1.csv": a file name that carries the seed, as every seed-dependent file should.</summary>
    public string FileName(string stem, string extension) =>
        $"{stem}-seed{Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{extension.TrimStart('.')}";

    void ISyscallObserver.OnEnter(Machine m, CallRecord call) { }

    void ISyscallObserver.OnExit(Machine m, CallRecord call)
    {
        int idSlot = call.Sysent.IdSlot;
        _rows.Append(call, call.Ve?.id ?? (idSlot >= 0 ? (ulong)call.Request.Word(idSlot) : 0));
    }
}
