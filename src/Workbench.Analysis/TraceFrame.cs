// Builds the trace's Arrow record batch straight from the columnar buffers (one bulk copy per column) and wraps it
// as a DataFrame. String columns are Arrow strings (ArrowStringDataFrameColumn), so the frame exports to Arrow as is.
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Analysis;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Analysis;

/// <summary>Trace buffers to Arrow and DataFrame. Thread-safe (pure functions of their input).</summary>
public static class TraceFrame
{
    /// <summary>A DataFrame over a copy of the first <see cref="TraceBuffers.Count"/> rows.</summary>
    public static DataFrame Build(TraceBuffers rows) => DataFrame.FromArrowRecordBatch(ToRecordBatch(rows, null));

    /// <summary>The rows as one Arrow record batch, columns in <see cref="TraceSchema"/> order; the seed (when given)
    /// and the model version go into the schema metadata.</summary>
    public static RecordBatch ToRecordBatch(TraceBuffers rows, ulong? seed)
    {
        rows.Flush();
        int n = rows.Count;
        var arrays = new IArrowArray[]
        {
            Int64(rows.Seq, n), Int64(rows.Tick, n), Int32(rows.Pid, n), Int32(rows.Tid, n),
            Strings(n, i => Sysent.Of((Sysno)rows.Call[i]).Name, rows.Call),
            Int64(rows.Args[0], n), Int64(rows.Args[1], n), Int64(rows.Args[2], n), Int64(rows.Args[3], n),
            Int64(rows.Args[4], n), Int64(rows.Args[5], n), Int64(rows.Args[6], n),
            Paths(rows.Path, n),
            Int64(rows.Result, n),
            Strings(n, i => rows.Error[i] > 0 ? Errno.Name(rows.Error[i]) : null, rows.Error),
            Strings(n, i => TraceSchema.ResultKind(rows.Error[i]), rows.Error),
            Int32(rows.Vkp, n), UInt64(rows.VeId, n), Int32(rows.TreeSize, n), Int32(rows.Compares, n), Int32(rows.Depth, n),
            Int32(rows.Rotations, n), Int32(rows.Tokens, n), Int32(rows.Blocks, n),
            NullableInt32(rows.RefsBefore, n, TraceBuffers.NoRefs), NullableInt32(rows.RefsAfter, n, TraceBuffers.NoRefs), Int32(rows.VkpRefs, n),
            Int32(rows.MapEntries, n), Int32(rows.Resident, n), Int32(rows.Faults, n),
        };
        return new RecordBatch(Schema(seed), arrays, n);
    }

    /// <summary>The Arrow schema of a trace (non-nullable columns, <see cref="TraceSchema"/> order).</summary>
    public static Schema Schema(ulong? seed)
    {
        var b = new Schema.Builder();
        foreach (var c in TraceSchema.Columns)
            b.Field(f => f.Name(c.Name).DataType(ArrowType(c.Type)).Nullable(c.Nullable));
        if (seed is ulong s) b.Metadata(TraceSchema.SeedKey, s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.Metadata(TraceSchema.ModelKey, TraceSchema.Model);
        return b.Build();
    }

    static IArrowType ArrowType(Type t) =>
        t == typeof(long) ? Int64Type.Default :
        t == typeof(int) ? Int32Type.Default :
        t == typeof(ulong) ? UInt64Type.Default :
        t == typeof(string) ? StringType.Default :
        throw new ArgumentOutOfRangeException(nameof(t), t, "no Arrow type for this trace column type");

    static ArrowBuffer Copy<T>(T[] a, int n) where T : struct =>
        new(MemoryMarshal.AsBytes(a.AsSpan(0, n)).ToArray());

    static Int64Array Int64(long[] a, int n) => new(Copy(a, n), ArrowBuffer.Empty, n, 0, 0);
    static Int32Array Int32(int[] a, int n) => new(Copy(a, n), ArrowBuffer.Empty, n, 0, 0);
    static UInt64Array UInt64(ulong[] a, int n) => new(Copy(a, n), ArrowBuffer.Empty, n, 0, 0);

    /// <summary>An int column whose <paramref name="none"/> values are null cells (Arrow validity bit clear, value 0).</summary>
    static Int32Array NullableInt32(int[] a, int n, int none)
    {
        var values = a.AsSpan(0, n).ToArray();
        var validity = new byte[(n + 7) / 8];
        int nulls = 0;
        for (int i = 0; i < n; i++)
        {
            if (values[i] == none) { values[i] = 0; nulls++; }
            else validity[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new(new ArrowBuffer(MemoryMarshal.AsBytes(values.AsSpan()).ToArray()),
            nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), n, nulls, 0);
    }

    /// <summary>A string column whose value depends only on a small integer code: each distinct code is encoded once.
    /// A null name is a null cell (Arrow validity bit clear).</summary>
    static StringArray Strings(int n, Func<int, string?> nameOfRow, int[] codes)
    {
        var cache = new Dictionary<int, byte[]?>();
        var offsets = new int[n + 1];
        var validity = new byte[(n + 7) / 8];
        int nulls = 0;
        long total = 0;
        int lastCode = int.MinValue;
        byte[]? last = null;
        for (int i = 0; i < n; i++)
        {
            int code = codes[i];
            if (code != lastCode || i == 0)
            {
                if (!cache.TryGetValue(code, out last))
                    cache[code] = last = nameOfRow(i) is { } name ? System.Text.Encoding.UTF8.GetBytes(name) : null;
                lastCode = code;
            }
            if (last is null) nulls++;
            else { validity[i >> 3] |= (byte)(1 << (i & 7)); total += last.Length; }
            offsets[i + 1] = checked((int)total);
        }
        var data = new byte[total];
        for (int i = 0; i < n; i++)
        {
            int len = offsets[i + 1] - offsets[i];
            if (len > 0) cache[codes[i]].AsSpan().CopyTo(data.AsSpan(offsets[i], len));
        }
        return new StringArray(n, new ArrowBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), new ArrowBuffer(data),
            nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), nulls, 0);
    }

    static StringArray Paths(string?[] paths, int n)
    {
        var b = new StringArray.Builder();
        for (int i = 0; i < n; i++)
        {
            if (string.IsNullOrEmpty(paths[i])) b.AppendNull();
            else b.Append(paths[i]);
        }
        return b.Build();
    }
}
