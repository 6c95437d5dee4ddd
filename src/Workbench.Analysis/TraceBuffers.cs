// Columnar buffers for the recorder: one plain array per column. A row is first written into a small row-major
// staging block that stays in cache, and every StageRows rows the block is transposed into the columns one column at
// a time. Writing 29 columns row by row would touch 29 memory streams per call; the transposition touches one at a
// time, which is what keeps recording cheap (see tests/Workbench.Benchmarks).
using System.Buffers;
using Workbench.Kernel.Kern;

namespace Workbench.Analysis;

/// <summary>
/// The recorded rows, one array per column (see <see cref="TraceSchema"/>). The call is kept as its
/// <see cref="Sysno"/> and the errno as its number; names are produced when a DataFrame or file is built.
/// Columns are rented from <see cref="ArrayPool{T}.Shared"/> and returned when the recorder is disposed.
/// Not thread-safe.
/// </summary>
public sealed class TraceBuffers
{
    /// <summary>Rows staged before they are transposed into the columns (about 128 KiB of staging).</summary>
    internal const int StageRows = 1024;

    /// <summary>One row as staged.</summary>
    struct Row
    {
        public long Seq, Tick, Result, A0, A1, A2, A3, A4, A5, A6;
        public ulong VeId;
        public int Pid, Tid, Call, Error, Vkp, TreeSize, Compares, Depth, Rotations, Tokens, Blocks;
        public int RefsBefore, RefsAfter, VkpRefs, MapEntries, Resident, Faults;
        public string? Path;
    }

    readonly Row[] _stage = new Row[StageRows];
    int _staged;   // rows in _stage
    int _flushed;  // rows in the columns

    internal long[] Seq, Tick, Result;
    internal long[][] Args;
    internal int[] Pid, Tid, Call, Error, TreeSize, Compares, Depth, Rotations, Tokens, Blocks;
    internal int[] Vkp, RefsBefore, RefsAfter, VkpRefs, MapEntries, Resident, Faults;
    internal ulong[] VeId;
    internal string?[] Path;

    internal TraceBuffers(int capacity)
    {
        capacity = Math.Max(StageRows, capacity);
        Seq = New<long>(capacity); Tick = New<long>(capacity); Result = New<long>(capacity);
        Args = new long[7][];
        for (int i = 0; i < 7; i++) Args[i] = New<long>(capacity);
        Pid = New<int>(capacity); Tid = New<int>(capacity); Call = New<int>(capacity); Error = New<int>(capacity);
        TreeSize = New<int>(capacity); Compares = New<int>(capacity); Depth = New<int>(capacity); Rotations = New<int>(capacity);
        Tokens = New<int>(capacity); Blocks = New<int>(capacity); RefsBefore = New<int>(capacity); RefsAfter = New<int>(capacity);
        VkpRefs = New<int>(capacity); MapEntries = New<int>(capacity); Resident = New<int>(capacity); Faults = New<int>(capacity);
        VeId = New<ulong>(capacity); Vkp = New<int>(capacity);
        Path = new string?[capacity];
    }

    /// <summary>Rows held.</summary>
    public int Count => _flushed + _staged;

    /// <summary>The call's <see cref="Sysno"/> at row <paramref name="i"/>.</summary>
    public Sysno CallAt(int i) => (Sysno)(i < _flushed ? Call[i] : _stage[i - _flushed].Call);

    /// <summary>The errno number at row <paramref name="i"/> (0 on success).</summary>
    public int ErrorAt(int i) => i < _flushed ? Error[i] : _stage[i - _flushed].Error;

    /// <summary>Red-black compares at row <paramref name="i"/>.</summary>
    public int ComparesAt(int i) => i < _flushed ? Compares[i] : _stage[i - _flushed].Compares;

    internal void Clear()
    {
        Array.Clear(Path, 0, _flushed);
        Array.Clear(_stage);
        _flushed = _staged = 0;
    }

    internal void Append(long seq, long tick, int pid, int tid, in SyscallRequest req, SysResult result, int vkp, ulong veId,
        int treeSize, int compares, int depth, int rotations, int tokens, int blocks,
        int refsBefore, int refsAfter, int vkpRefs, int mapEntries, int resident, int faults)
    {
        ref var r = ref _stage[_staged];
        r.Seq = seq; r.Tick = tick; r.Pid = pid; r.Tid = tid; r.Call = (int)req.No;
        r.A0 = req.A0; r.A1 = req.A1; r.A2 = req.A2; r.A3 = req.A3; r.A4 = req.A4; r.A5 = req.A5; r.A6 = req.A6;
        r.Path = req.Str;
        r.Result = result.Value; r.Error = result.Error; r.Vkp = vkp; r.VeId = veId; r.TreeSize = treeSize;
        r.Compares = compares; r.Depth = depth; r.Rotations = rotations; r.Tokens = tokens; r.Blocks = blocks;
        r.RefsBefore = refsBefore; r.RefsAfter = refsAfter; r.VkpRefs = vkpRefs;
        r.MapEntries = mapEntries; r.Resident = resident; r.Faults = faults;
        if (++_staged == StageRows) Flush();
    }

    /// <summary>Transposes the staged rows into the columns, one column at a time. Readers of the columns call this.</summary>
    internal void Flush()
    {
        int n = _staged, at = _flushed;
        if (n == 0) return;
        if (at + n > Seq.Length) Grow(Math.Max(Seq.Length * 2, at + n));
        var s = _stage.AsSpan(0, n);
        for (int j = 0; j < n; j++) Seq[at + j] = s[j].Seq;
        for (int j = 0; j < n; j++) Tick[at + j] = s[j].Tick;
        for (int j = 0; j < n; j++) Result[at + j] = s[j].Result;
        for (int j = 0; j < n; j++) Args[0][at + j] = s[j].A0;
        for (int j = 0; j < n; j++) Args[1][at + j] = s[j].A1;
        for (int j = 0; j < n; j++) Args[2][at + j] = s[j].A2;
        for (int j = 0; j < n; j++) Args[3][at + j] = s[j].A3;
        for (int j = 0; j < n; j++) Args[4][at + j] = s[j].A4;
        for (int j = 0; j < n; j++) Args[5][at + j] = s[j].A5;
        for (int j = 0; j < n; j++) Args[6][at + j] = s[j].A6;
        for (int j = 0; j < n; j++) VeId[at + j] = s[j].VeId;
        for (int j = 0; j < n; j++) Pid[at + j] = s[j].Pid;
        for (int j = 0; j < n; j++) Tid[at + j] = s[j].Tid;
        for (int j = 0; j < n; j++) Call[at + j] = s[j].Call;
        for (int j = 0; j < n; j++) Error[at + j] = s[j].Error;
        for (int j = 0; j < n; j++) Vkp[at + j] = s[j].Vkp;
        for (int j = 0; j < n; j++) TreeSize[at + j] = s[j].TreeSize;
        for (int j = 0; j < n; j++) Compares[at + j] = s[j].Compares;
        for (int j = 0; j < n; j++) Depth[at + j] = s[j].Depth;
        for (int j = 0; j < n; j++) Rotations[at + j] = s[j].Rotations;
        for (int j = 0; j < n; j++) Tokens[at + j] = s[j].Tokens;
        for (int j = 0; j < n; j++) Blocks[at + j] = s[j].Blocks;
        for (int j = 0; j < n; j++) RefsBefore[at + j] = s[j].RefsBefore;
        for (int j = 0; j < n; j++) RefsAfter[at + j] = s[j].RefsAfter;
        for (int j = 0; j < n; j++) VkpRefs[at + j] = s[j].VkpRefs;
        for (int j = 0; j < n; j++) MapEntries[at + j] = s[j].MapEntries;
        for (int j = 0; j < n; j++) Resident[at + j] = s[j].Resident;
        for (int j = 0; j < n; j++) Faults[at + j] = s[j].Faults;
        for (int j = 0; j < n; j++) { Path[at + j] = s[j].Path; s[j].Path = null; }
        _flushed += n;
        _staged = 0;
    }

    // Columns are rented from ArrayPool<T>.Shared and returned by Release, so a disposed recorder hands its memory to
    // the next one. Rows are written before they are read, so a rented array's old contents never show.
    static T[] New<T>(int n) where T : unmanaged => ArrayPool<T>.Shared.Rent(n);

    static void Grow<T>(ref T[] a, int n) where T : unmanaged
    {
        var b = New<T>(n);
        a.AsSpan().CopyTo(b);
        ArrayPool<T>.Shared.Return(a);
        a = b;
    }

    void Grow(int cap)
    {
        Grow(ref Seq, cap); Grow(ref Tick, cap); Grow(ref Result, cap);
        for (int i = 0; i < 7; i++) Grow(ref Args[i], cap);
        Grow(ref Pid, cap); Grow(ref Tid, cap); Grow(ref Call, cap); Grow(ref Error, cap);
        Grow(ref TreeSize, cap); Grow(ref Compares, cap); Grow(ref Depth, cap);
        Grow(ref Rotations, cap); Grow(ref Tokens, cap); Grow(ref Blocks, cap);
        Grow(ref RefsBefore, cap); Grow(ref RefsAfter, cap); Grow(ref VkpRefs, cap);
        Grow(ref MapEntries, cap); Grow(ref Resident, cap); Grow(ref Faults, cap);
        Grow(ref VeId, cap); Grow(ref Vkp, cap);
        Array.Resize(ref Path, cap);
    }

    /// <summary>Returns every column to the pool; the buffers hold no rows afterwards and must not be appended to.</summary>
    internal void Release()
    {
        foreach (var a in new[] { Seq, Tick, Result }.Concat(Args)) ArrayPool<long>.Shared.Return(a);
        foreach (var a in new[] { Pid, Tid, Call, Error, TreeSize, Compares, Depth, Rotations, Tokens, Blocks, Vkp, RefsBefore, RefsAfter, VkpRefs, MapEntries, Resident, Faults })
            ArrayPool<int>.Shared.Return(a);
        ArrayPool<ulong>.Shared.Return(VeId);
        Clear();
        Seq = []; Tick = []; Result = []; VeId = []; Args = [[], [], [], [], [], [], []];
        Pid = Tid = Call = Error = TreeSize = Compares = Depth = Rotations = Tokens = Blocks = Vkp = [];
        RefsBefore = RefsAfter = VkpRefs = MapEntries = Resident = Faults = [];
        Path = [];
    }
}
