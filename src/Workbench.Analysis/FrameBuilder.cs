// Small DataFrames (summaries, experiment tables) built through Arrow, so every frame this library returns can be
// written with ArrowFiles as well as CsvFiles (a StringDataFrameColumn cannot be exported to Arrow in 0.23.1).
using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Analysis;

namespace Workbench.Analysis;

/// <summary>Collects named columns, then builds one Arrow-backed DataFrame. Not thread-safe.</summary>
public sealed class FrameBuilder
{
    readonly List<Field> _fields = new();
    readonly List<IArrowArray> _arrays = new();
    int _rows = -1;

    /// <summary>Adds a 64-bit integer column.</summary>
    public FrameBuilder Int64(string name, IEnumerable<long> values) =>
        Add(name, Int64Type.Default, new Int64Array.Builder().AppendRange(values).Build());

    /// <summary>Adds a 32-bit integer column.</summary>
    public FrameBuilder Int32(string name, IEnumerable<int> values) =>
        Add(name, Int32Type.Default, new Int32Array.Builder().AppendRange(values).Build());

    /// <summary>Adds a double column.</summary>
    public FrameBuilder Double(string name, IEnumerable<double> values) =>
        Add(name, DoubleType.Default, new DoubleArray.Builder().AppendRange(values).Build());

    /// <summary>Adds a string column; null and empty strings become null cells.</summary>
    public FrameBuilder String(string name, IEnumerable<string?> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values)
        {
            if (string.IsNullOrEmpty(v)) b.AppendNull();
            else b.Append(v);
        }
        return Add(name, StringType.Default, b.Build(), nullable: true);
    }

    FrameBuilder Add(string name, IArrowType type, IArrowArray array, bool nullable = false)
    {
        if (_rows >= 0 && array.Length != _rows)
            throw new ArgumentException($"column '{name}' has {array.Length} rows instead of {_rows}", nameof(name));
        _rows = array.Length;
        _fields.Add(new Field(name, type, nullable));
        _arrays.Add(array);
        return this;
    }

    /// <summary>The DataFrame (zero rows if no column was added).</summary>
    public DataFrame Build() =>
        _fields.Count == 0 ? new DataFrame() : DataFrame.FromArrowRecordBatch(new RecordBatch(new Schema(_fields, null), _arrays, _rows));
}

/// <summary>Reads whole DataFrame columns into flat arrays once (an indexer per cell costs a chunk lookup).</summary>
public static class FrameColumns
{
    /// <summary>A numeric column as long values (nulls as 0). Throws if the column is missing or not numeric.</summary>
    public static long[] Longs(DataFrame df, string name) => df[name] switch
    {
        PrimitiveDataFrameColumn<long> c => Flat(c, v => v),
        PrimitiveDataFrameColumn<int> c => Flat(c, v => (long)v),
        PrimitiveDataFrameColumn<ulong> c => Flat(c, v => unchecked((long)v)),
        PrimitiveDataFrameColumn<double> c => Flat(c, v => (long)v),
        var c => throw new ArgumentException($"column '{name}' is {c.DataType.Name}, not an integer column", nameof(name)),
    };

    /// <summary>A <c>ve_refs_*</c> column as longs with -1 where the cell is null (the call resolved no entry), for
    /// loops that skip those rows; the files and frames themselves hold null there.</summary>
    public static long[] Refs(DataFrame df, string name)
    {
        var values = Longs(df, name);
        var col = df[name];
        if (col.NullCount > 0)
            for (long i = 0; i < col.Length; i++)
                if (col[i] is null) values[i] = -1;
        return values;
    }

    /// <summary>A numeric column as doubles.</summary>
    public static double[] Doubles(DataFrame df, string name) => df[name] switch
    {
        PrimitiveDataFrameColumn<double> c => Flat(c, v => v),
        PrimitiveDataFrameColumn<long> c => Flat(c, v => (double)v),
        PrimitiveDataFrameColumn<int> c => Flat(c, v => (double)v),
        PrimitiveDataFrameColumn<ulong> c => Flat(c, v => (double)v),
        var c => throw new ArgumentException($"column '{name}' is {c.DataType.Name}, not a numeric column", nameof(name)),
    };

    /// <summary>A ulong column (ids).</summary>
    public static ulong[] ULongs(DataFrame df, string name) => df[name] switch
    {
        PrimitiveDataFrameColumn<ulong> c => Flat(c, v => v),
        PrimitiveDataFrameColumn<long> c => Flat(c, v => unchecked((ulong)v)),
        var c => throw new ArgumentException($"column '{name}' is {c.DataType.Name}, not a 64-bit id column", nameof(name)),
    };

    /// <summary>A string column; equal strings share one instance, nulls stay null.</summary>
    public static string?[] Strings(DataFrame df, string name)
    {
        var col = df[name];
        var result = new string?[col.Length];
        var pool = new Dictionary<string, string>();
        for (long i = 0; i < col.Length; i++)
        {
            if (col[i] is not string s) continue;
            if (!pool.TryGetValue(s, out var shared)) pool[s] = shared = s;
            result[i] = shared;
        }
        return result;
    }

    static TOut[] Flat<T, TOut>(PrimitiveDataFrameColumn<T> c, Func<T, TOut> convert) where T : unmanaged
    {
        var result = new TOut[c.Length];
        int at = 0;
        foreach (var chunk in c.GetReadOnlyDataBuffers())
        {
            var span = chunk.Span;
            for (int i = 0; i < span.Length; i++) result[at + i] = convert(span[i]);
            at += span.Length;
        }
        if (c.NullCount > 0)
            for (long i = 0; i < c.Length; i++)
                if (c[i] is null) result[i] = default!;
        return result;
    }
}
