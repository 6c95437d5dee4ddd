// Columnar buffers for the recorder: one plain array per column, grown together. Appending a row is a handful of
// array stores; nothing is boxed and no per-row object is kept.
using Workbench.Kernel.Kern;

namespace Workbench.Analysis;

/// <summary>
/// The recorded rows, one array per column (see <see cref="TraceSchema"/>). The call is kept as its
/// <see cref="Sysno"/> and the errno as its number; names are produced when a DataFrame or file is built.
/// Not thread-safe.
/// </summary>
public sealed class TraceBuffers
{
    int _n;
    internal long[] Seq, Tick, Result;
    internal long[][] Args;
    internal int[] Pid, Tid, Call, Error, TreeSize, Compares, Depth, Rotations, Tokens, Blocks;
    internal int[] Vkp, RefsBefore, RefsAfter, VkpRefs, MapEntries, Resident, Faults;
    internal ulong[] VeId;
    internal string?[] Path;

    internal TraceBuffers(int capacity)
    {
        capacity = Math.Max(16, capacity);
        Seq = new long[capacity]; Tick = new long[capacity]; Result = new long[capacity];
        Args = new long[7][];
        for (int i = 0; i < 7; i++) Args[i] = new long[capacity];
        Pid = new int[capacity]; Tid = new int[capacity]; Call = new int[capacity]; Error = new int[capacity];
        TreeSize = new int[capacity]; Compares = new int[capacity]; Depth = new int[capacity]; Rotations = new int[capacity];
        Tokens = new int[capacity]; Blocks = new int[capacity]; RefsBefore = new int[capacity]; RefsAfter = new int[capacity];
        VkpRefs = new int[capacity]; MapEntries = new int[capacity]; Resident = new int[capacity]; Faults = new int[capacity];
        VeId = new ulong[capacity]; Vkp = new int[capacity];
        Path = new string?[capacity];
    }

    /// <summary>Rows held.</summary>
    public int Count => _n;

    /// <summary>The call's <see cref="Sysno"/> at row <paramref name="i"/>.</summary>
    public Sysno CallAt(int i) => (Sysno)Call[i];

    /// <summary>The errno number at row <paramref name="i"/> (0 on success).</summary>
    public int ErrorAt(int i) => Error[i];

    internal void Clear()
    {
        _n = 0;
        Array.Clear(Path);
    }

    internal void Append(long seq, long tick, int pid, int tid, in SyscallRequest req, SysResult result, int vkp, ulong veId,
        int treeSize, int compares, int depth, int rotations, int tokens, int blocks,
        int refsBefore, int refsAfter, int vkpRefs, int mapEntries, int resident, int faults)
    {
        if (_n == Seq.Length) Grow();
        int i = _n++;
        Seq[i] = seq; Tick[i] = tick; Pid[i] = pid; Tid[i] = tid; Call[i] = (int)req.No;
        Args[0][i] = req.A0; Args[1][i] = req.A1; Args[2][i] = req.A2; Args[3][i] = req.A3;
        Args[4][i] = req.A4; Args[5][i] = req.A5; Args[6][i] = req.A6;
        Path[i] = req.Str;
        Result[i] = result.Value; Error[i] = result.Error; Vkp[i] = vkp; VeId[i] = veId; TreeSize[i] = treeSize;
        Compares[i] = compares; Depth[i] = depth; Rotations[i] = rotations; Tokens[i] = tokens; Blocks[i] = blocks;
        RefsBefore[i] = refsBefore; RefsAfter[i] = refsAfter; VkpRefs[i] = vkpRefs;
        MapEntries[i] = mapEntries; Resident[i] = resident; Faults[i] = faults;
    }

    void Grow()
    {
        int cap = Seq.Length * 2;
        Array.Resize(ref Seq, cap); Array.Resize(ref Tick, cap); Array.Resize(ref Result, cap);
        for (int i = 0; i < 7; i++) Array.Resize(ref Args[i], cap);
        Array.Resize(ref Pid, cap); Array.Resize(ref Tid, cap); Array.Resize(ref Call, cap); Array.Resize(ref Error, cap);
        Array.Resize(ref TreeSize, cap); Array.Resize(ref Compares, cap); Array.Resize(ref Depth, cap);
        Array.Resize(ref Rotations, cap); Array.Resize(ref Tokens, cap); Array.Resize(ref Blocks, cap);
        Array.Resize(ref RefsBefore, cap); Array.Resize(ref RefsAfter, cap); Array.Resize(ref VkpRefs, cap);
        Array.Resize(ref MapEntries, cap); Array.Resize(ref Resident, cap); Array.Resize(ref Faults, cap);
        Array.Resize(ref VeId, cap); Array.Resize(ref Vkp, cap); Array.Resize(ref Path, cap);
    }
}
