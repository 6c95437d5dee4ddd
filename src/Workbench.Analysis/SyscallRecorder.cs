// Per-syscall metrics at syscall2, the model's single dispatch point (Machine.Syscall / Machine.GuestEvent).
// Instrumented: it reads the model before and after each call and changes nothing the model does.
using Microsoft.Data.Analysis;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Lib;
using Workbench.Kernel.Vkernel;

namespace Workbench.Analysis;

/// <summary>
/// Records one row per system call and guest event that passes <c>syscall2</c>: sequence number, tick, pid, tid, the
/// C name, the seven integer arguments and the path, the result and errno name, and the counters the call touched
/// (red-black tree compares, depth and rotations, tokens, blocking points, <c>ve-&gt;refs</c> before and after,
/// <c>vkp-&gt;refs</c>, map entries, resident pages, faults). Rows go into columnar buffers (<see cref="TraceBuffers"/>);
/// <see cref="ToDataFrame"/> builds the typed columns once. See <see cref="TraceSchema"/> for every column.
/// </summary>
/// <remarks>
/// Tree counting: before each call the recorder makes sure the caller's vkernel_proc tree has counters
/// (<see cref="RbStats"/>): the ones already hooked there (by another recorder or a test), else its own, so several
/// recorders can watch one machine. A call's compares are the difference of two reads. A vkp created by the call
/// itself is counted from its next call on; its first RB_INSERT, into an empty tree, compares nothing, so no compare
/// is lost. <see cref="Detach"/> unhooks the recorder's own counters again (the uninstrumented tree path). The
/// recorder's own lookups of the entry a call names go through a small cache and, on a miss, an RB_FIND with the
/// counters unhooked, so they are never counted.
/// Not thread-safe: the machine runs one call at a time and the recorder is called under that rule.
/// </remarks>
public sealed class SyscallRecorder : ISyscallObserver, IDisposable
{
    readonly RbStats _stats = new();
    readonly TraceBuffers _rows;
    Machine? _machine;
    bool _disposed;

    // State carried from OnEnter to OnExit of the call in progress.
    VmspaceEntry? _ve;
    RbStats? _callStats;
    VkernelProc? _vkp;
    int _refsBefore, _treeSize;
    long _compares, _rotations, _descents, _tokens, _faults;

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

    /// <summary>Detaches from the machine (see <see cref="Detach"/>) and returns the row buffers to the shared pool:
    /// build the DataFrame or write the files first. Afterwards <see cref="Count"/> is 0 and nothing is recorded.</summary>
    public void Dispose()
    {
        Detach();
        if (_disposed) return;
        _disposed = true;
        _rows.Release();
    }

    /// <summary>Stops recording: detaches from the machine and unhooks the tree counters from every live
    /// vkernel_proc (the uninstrumented tree path). The rows recorded so far stay.</summary>
    public void Detach()
    {
        if (_machine is null) return;
        _machine.Detach(this);
        foreach (var p in _machine.Procs.Values)
            if (p.p_vkernel is { } vkp && ReferenceEquals(vkp.root.Stats, _stats))
                vkp.root.Stats = null;
        _machine = null;
    }

    /// <summary>Forgets every row (the attachment stays).</summary>
    public void Clear() => _rows.Clear();

    /// <summary>Builds the DataFrame: one typed column per <see cref="TraceSchema"/> entry, built once.</summary>
    public DataFrame ToDataFrame() => TraceFrame.Build(_rows);

    /// <summary>Writes the trace as CSV (see <see cref="CsvFiles"/>).</summary>
    public void WriteCsv(string path) => CsvFiles.Write(ToDataFrame(), path);

    /// <summary>Writes the trace as an Arrow IPC file with the seed in its schema metadata.</summary>
    public void WriteArrow(string path) => ArrowFiles.Write(TraceFrame.ToRecordBatch(_rows, Seed), path);

    /// <summary>"trace-seed1.csv": a file name that carries the seed, as every seed-dependent file should.</summary>
    public string FileName(string stem, string extension) =>
        $"{stem}-seed{Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{extension.TrimStart('.')}";

    void ISyscallObserver.OnEnter(Machine m, CallRecord call)
    {
        var td = call.Thread;
        var vkp = td.lwp_proc.p_vkernel;
        _vkp = vkp;
        _ve = vkp is null ? null : EntryOf(td, vkp, call.Request);
        _refsBefore = _ve?.refs ?? -1;
        _treeSize = vkp?.root.Count ?? 0;
        // Count into the tree's counters if someone (another recorder, a test) already hooked some; else hook ours.
        var stats = _callStats = vkp is null ? _stats : (vkp.root.Stats ??= _stats);
        _compares = stats.Compares;
        _rotations = stats.Rotations;
        _descents = stats.Finds + stats.Inserts;
        _tokens = m.Counters.TokensTaken;
        _faults = m.Counters.Faults;
    }

    void ISyscallObserver.OnExit(Machine m, CallRecord call)
    {
        var td = call.Thread;
        var req = call.Request;
        var result = call.Result;
        var vkp = td.lwp_proc.p_vkernel ?? _vkp;
        var ve = _ve;
        if (ve is null && vkp is not null && req.No == Sysno.vmspace_create && result.Ok)
            ve = Find(vkp, (ulong)req.A0); // the entry this create inserted
        var stats = _callStats!;
        var descents = stats.Finds + stats.Inserts - _descents;
        var (entries, resident) = ve is null ? (0, 0) : Levels(ve, req.No);
        ulong veId = ve?.id ?? (IsVmspaceCall(req.No) ? (ulong)req.A0 : 0);
        _rows.Append(
            call.Seq, call.Tick, td.lwp_proc.p_pid, td.lwp_tid, req, result, vkp?.Id ?? 0, veId,
            _treeSize,
            (int)(stats.Compares - _compares), descents > 0 ? stats.LastDepth : 0, (int)(stats.Rotations - _rotations),
            (int)(m.Counters.TokensTaken - _tokens), call.Blocks.Count,
            _refsBefore, ve?.refs ?? -1, vkp?.refs ?? 0,
            entries, resident, (int)(m.Counters.Faults - _faults));
        // Forget entries the call freed, so the cache never keeps a dead vmspace's objects alive.
        if (ve is not null && ve.Freed) Forget(ve);
        if (req.No is Sysno.exit or Sysno.execve) Array.Clear(_cache);
        _ve = null;
        _vkp = null;
    }

    /// <summary>Map entries and resident pages of <paramref name="ve"/>'s vmspace after a call. vmspace_ctl, guest
    /// events and vmspace_pread/pwrite never touch the named vmspace's map or pmap in this model (ctl copies in
    /// from the vkernel's own space; vkernel_trap copies out after switching back), so for them the levels last
    /// read for the entry are carried forward; every other call reads them. A test checks this against a recorder
    /// that reads them on every call (<see cref="ReadLevelsEveryCall"/>).</summary>
    (int Entries, int Resident) Levels(VmspaceEntry ve, Sysno no)
    {
        ref var slot = ref _cache[Slot(ve.id)];
        bool cached = ReferenceEquals(slot.Ve, ve);
        if (cached && !ReadLevelsEveryCall && no is Sysno.vmspace_ctl or Sysno.guest_trap or Sysno.vmspace_pread or Sysno.vmspace_pwrite)
            return (slot.MapEntries, slot.Resident);
        var vm = ve.vmspace;
        int entries = vm?.vm_map.nentries ?? 0, resident = vm?.vm_pmap.ResidentCount ?? 0;
        if (cached || !ve.Freed) slot = new CacheSlot(_vkp ?? slot.Vkp, ve, entries, resident);
        return (entries, resident);
    }

    /// <summary>Read map entries and resident pages after every call instead of carrying them forward across calls
    /// that cannot change them (tests compare both).</summary>
    internal bool ReadLevelsEveryCall { get; init; }

    void Forget(VmspaceEntry ve)
    {
        ref var slot = ref _cache[Slot(ve.id)];
        if (ReferenceEquals(slot.Ve, ve)) slot = default;
    }

    static int Slot(ulong id) => (int)((id * 0x9E3779B97F4A7C15UL) >> (64 - CacheBits));

    /// <summary>The vmspace_entry a call names: the id argument of the vmspace_* calls; for a guest event, exit and
    /// execve the entry an LWP of the caller runs in (the ref vkernel_trap or vkernel_lwp_exit drops).</summary>
    VmspaceEntry? EntryOf(Lwp td, VkernelProc vkp, in SyscallRequest req)
    {
        if (IsVmspaceCall(req.No))
            return Find(vkp, (ulong)req.A0);
        if (req.No == Sysno.guest_trap)
            return td.lwp_vkernel?.ve;
        if (req.No is Sysno.exit or Sysno.execve)
            foreach (var lp in td.lwp_proc.p_lwp_tree.Values)
                if (lp.lwp_vkernel?.ve is { } running)
                    return running;
        return null;
    }

    /// <summary>The live entry <paramref name="id"/> of <paramref name="vkp"/>: from a small direct-mapped cache of
    /// entries seen before (valid while the entry is not freed: every removal from the tree ends in kfree, which the
    /// model marks <see cref="VmspaceEntry.Freed"/>, before the next call), else an uncounted RB_FIND.</summary>
    VmspaceEntry? Find(VkernelProc vkp, ulong id)
    {
        ref var slot = ref _cache[Slot(id)];
        if (ReferenceEquals(slot.Vkp, vkp) && slot.Ve is { } cached && cached.id == id && !cached.Freed)
            return cached;
        var ve = FindInTree(vkp, id);
        if (ve is not null)
        {
            var vm = ve.vmspace;
            slot = new CacheSlot(vkp, ve, vm?.vm_map.nentries ?? 0, vm?.vm_pmap.ResidentCount ?? 0);
        }
        return ve;
    }

    /// <summary>A cached entry, the vkernel whose tree holds it, and its levels when last read.</summary>
    record struct CacheSlot(VkernelProc? Vkp, VmspaceEntry? Ve, int MapEntries, int Resident);

    const int CacheBits = 8;
    readonly CacheSlot[] _cache = new CacheSlot[1 << CacheBits];

    /// <summary>RB_FIND with the counters unhooked, so the recorder's own lookups are never counted.</summary>
    static VmspaceEntry? FindInTree(VkernelProc vkp, ulong id)
    {
        var saved = vkp.root.Stats;
        vkp.root.Stats = null;
        var ve = vkp.root.RB_FIND(id);
        vkp.root.Stats = saved;
        return ve;
    }

    internal static bool IsVmspaceCall(Sysno no) => no is >= Sysno.vmspace_create and <= Sysno.vmspace_pwrite;
}
