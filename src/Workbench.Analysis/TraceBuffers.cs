// Columnar buffers for the recorder: one plain array per column. A row is first written into a small column-major
// staging block (StageRows rows, small enough to stay in the L1 cache); every StageRows rows each staged column is
// copied out to its column in one sequential run of non-temporal stores, so recording neither touches 29 memory
// streams per call nor evicts the model's working set (see tests/Workbench.Benchmarks).
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
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
    /// <summary>Rows staged before they are transposed into the columns: 64 rows of 168 bytes stay in the L1 cache.</summary>
    internal const int StageRows = 64;

    /// <summary>What the refs columns hold for "no entry"; the frame and the files write it as null.</summary>
    internal const int NoRefs = int.MinValue;

    // The staging block: the same columns, StageRows long, column-major, small enough to stay in L1.
    readonly long[] _sSeq = new long[StageRows], _sTick = new long[StageRows], _sResult = new long[StageRows];
    readonly long[] _sA0 = new long[StageRows], _sA1 = new long[StageRows], _sA2 = new long[StageRows], _sA3 = new long[StageRows];
    readonly long[] _sA4 = new long[StageRows], _sA5 = new long[StageRows], _sA6 = new long[StageRows];
    readonly ulong[] _sVeId = new ulong[StageRows];
    readonly int[] _sPid = new int[StageRows], _sTid = new int[StageRows], _sCall = new int[StageRows], _sError = new int[StageRows];
    readonly int[] _sVkp = new int[StageRows], _sTreeSize = new int[StageRows], _sCompares = new int[StageRows], _sDepth = new int[StageRows];
    readonly int[] _sRotations = new int[StageRows], _sTokens = new int[StageRows], _sBlocks = new int[StageRows];
    readonly int[] _sRefsBefore = new int[StageRows], _sRefsAfter = new int[StageRows], _sVkpRefs = new int[StageRows];
    readonly int[] _sMapEntries = new int[StageRows], _sResident = new int[StageRows], _sFaults = new int[StageRows];
    readonly string?[] _sPath = new string?[StageRows];
    int _staged;   // rows in the staging block
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
        Path = ArrayPool<string?>.Shared.Rent(capacity);
    }

    /// <summary>Rows held.</summary>
    public int Count => _flushed + _staged;

    /// <summary>The call's <see cref="Sysno"/> at row <paramref name="i"/>.</summary>
    public Sysno CallAt(int i) => (Sysno)(i < _flushed ? Call[i] : _sCall[i - _flushed]);

    /// <summary>The errno number at row <paramref name="i"/> (0 on success).</summary>
    public int ErrorAt(int i) => i < _flushed ? Error[i] : _sError[i - _flushed];

    /// <summary>Red-black compares at row <paramref name="i"/>.</summary>
    public int ComparesAt(int i) => i < _flushed ? Compares[i] : _sCompares[i - _flushed];

    internal void Clear()
    {
        Array.Clear(Path, 0, _flushed);
        Array.Clear(_sPath);
        _flushed = _staged = 0;
    }

    /// <summary>Copies one call's request, result and stamps into the staging block. <paramref name="veId"/> is the
    /// resolved entry's id, or the id argument of a call that has one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called once per recorded call
    internal void Append(CallRecord call, ulong veId)
    {
        int k = _staged;
        var req = call.Request;
        var result = call.Result;
        _sSeq[k] = call.Seq; _sTick[k] = call.Tick; _sPid[k] = call.Thread.lwp_proc.p_pid; _sTid[k] = call.Thread.lwp_tid; _sCall[k] = (int)req.No;
        _sA0[k] = req.Word(0); _sA1[k] = req.Word(1); _sA2[k] = req.Word(2); _sA3[k] = req.Word(3);
        _sA4[k] = req.Word(4); _sA5[k] = req.Word(5); _sA6[k] = req.Word(6);
        if (req.Str is { } path) _sPath[k] = path; // the staging block's paths are null between flushes
        _sResult[k] = result.Value; _sError[k] = result.Error; _sVkp[k] = call.Vkernel?.Id ?? 0; _sVeId[k] = veId;
        _sTreeSize[k] = call.TreeSize; _sCompares[k] = call.Compares; _sDepth[k] = call.Depth; _sRotations[k] = call.Rotations;
        _sTokens[k] = call.Tokens.Count; _sBlocks[k] = call.Blocks.Count;
        _sRefsBefore[k] = call.RefsBefore ?? NoRefs; _sRefsAfter[k] = call.RefsAfter ?? NoRefs; _sVkpRefs[k] = call.Vkernel?.refs ?? 0;
        _sMapEntries[k] = call.MapEntries; _sResident[k] = call.ResidentPages; _sFaults[k] = call.Faults;
        if (++_staged == StageRows) Flush(); // Flush is not inlined: it runs once every StageRows rows
    }

    /// <summary>Copies the staged rows into the columns, one column at a time, with non-temporal stores where the CPU
    /// has them: the trace is written once and read only when a DataFrame is built, so it should not evict the
    /// model's working set from the cache. Readers of the columns call this.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Flush()
    {
        int n = _staged, at = _flushed;
        if (n == 0) return;
        if (at + n > Seq.Length) Grow(Math.Max(Seq.Length * 2, at + n));
        Out(_sSeq, Seq, at, n); Out(_sTick, Tick, at, n); Out(_sResult, Result, at, n);
        Out(_sA0, Args[0], at, n); Out(_sA1, Args[1], at, n); Out(_sA2, Args[2], at, n); Out(_sA3, Args[3], at, n);
        Out(_sA4, Args[4], at, n); Out(_sA5, Args[5], at, n); Out(_sA6, Args[6], at, n);
        Out(_sVeId, VeId, at, n);
        Out(_sPid, Pid, at, n); Out(_sTid, Tid, at, n); Out(_sCall, Call, at, n); Out(_sError, Error, at, n);
        Out(_sVkp, Vkp, at, n); Out(_sTreeSize, TreeSize, at, n); Out(_sCompares, Compares, at, n); Out(_sDepth, Depth, at, n);
        Out(_sRotations, Rotations, at, n); Out(_sTokens, Tokens, at, n); Out(_sBlocks, Blocks, at, n);
        Out(_sRefsBefore, RefsBefore, at, n); Out(_sRefsAfter, RefsAfter, at, n); Out(_sVkpRefs, VkpRefs, at, n);
        Out(_sMapEntries, MapEntries, at, n); Out(_sResident, Resident, at, n); Out(_sFaults, Faults, at, n);
        _sPath.AsSpan(0, n).CopyTo(Path.AsSpan(at));
        Array.Clear(_sPath, 0, n);
        if (Sse2.IsSupported) Sse.StoreFence();
        _flushed += n;
        _staged = 0;
    }

    static unsafe void Out(long[] src, long[] dst, int at, int n)
    {
        if (!Sse2.X64.IsSupported) { src.AsSpan(0, n).CopyTo(dst.AsSpan(at)); return; }
        fixed (long* s = src, d = &dst[at])
            for (int j = 0; j < n; j++) Sse2.X64.StoreNonTemporal(d + j, s[j]);
    }

    static unsafe void Out(ulong[] src, ulong[] dst, int at, int n)
    {
        if (!Sse2.X64.IsSupported) { src.AsSpan(0, n).CopyTo(dst.AsSpan(at)); return; }
        fixed (ulong* s = src, d = &dst[at])
            for (int j = 0; j < n; j++) Sse2.X64.StoreNonTemporal(d + j, s[j]);
    }

    static unsafe void Out(int[] src, int[] dst, int at, int n)
    {
        if (!Sse2.IsSupported) { src.AsSpan(0, n).CopyTo(dst.AsSpan(at)); return; }
        fixed (int* s = src, d = &dst[at])
            for (int j = 0; j < n; j++) Sse2.StoreNonTemporal(d + j, s[j]);
    }

    // Columns are rented from ArrayPool<T>.Shared and returned by Release, so a disposed recorder
    // hands its memory to the next one and a run allocates no large object. Rows are written before they are read, so a rented array's old contents never show.
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
        var path = ArrayPool<string?>.Shared.Rent(cap);
        Path.AsSpan(0, _flushed).CopyTo(path);
        ArrayPool<string?>.Shared.Return(Path, clearArray: true);
        Path = path;
    }

    /// <summary>Returns every column to the pool; the buffers hold no rows afterwards and must not be appended to.</summary>
    internal void Release()
    {
        foreach (var a in new[] { Seq, Tick, Result }.Concat(Args)) ArrayPool<long>.Shared.Return(a);
        foreach (var a in new[] { Pid, Tid, Call, Error, TreeSize, Compares, Depth, Rotations, Tokens, Blocks, Vkp, RefsBefore, RefsAfter, VkpRefs, MapEntries, Resident, Faults })
            ArrayPool<int>.Shared.Return(a);
        ArrayPool<ulong>.Shared.Return(VeId);
        Clear();
        ArrayPool<string?>.Shared.Return(Path);
        Seq = []; Tick = []; Result = []; VeId = []; Args = [[], [], [], [], [], [], []];
        Pid = Tid = Call = Error = TreeSize = Compares = Depth = Rotations = Tokens = Blocks = Vkp = [];
        RefsBefore = RefsAfter = VkpRefs = MapEntries = Resident = Faults = [];
        Path = [];
    }
}
