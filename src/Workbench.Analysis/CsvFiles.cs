// CSV for pandas, polars and DuckDB users: RFC 4180, UTF-8 without BOM, "\n" line ends, invariant-culture numbers,
// a header row of column names. Same DataFrame, same bytes.
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Microsoft.Data.Analysis;

namespace Workbench.Analysis;

/// <summary>Writes any DataFrame of integer, float, bool and string columns to CSV and reads CSV back with a known
/// schema (default: <see cref="TraceSchema"/>). Thread-safe (no shared state).</summary>
public static class CsvFiles
{
    /// <summary>Writes <paramref name="df"/> to <paramref name="path"/>, replacing the file.</summary>
    public static void Write(DataFrame df, string path)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(df, fs);
    }

    /// <summary>Writes <paramref name="df"/> as CSV to <paramref name="stream"/>.</summary>
    public static void Write(DataFrame df, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(df);
        var w = new Utf8Out(stream);
        var cols = df.Columns.ToArray();
        for (int c = 0; c < cols.Length; c++)
        {
            if (c > 0) w.Byte((byte)',');
            w.Text(cols[c].Name);
        }
        w.Byte((byte)'\n');
        var writers = cols.Select(CellWriter).ToArray();
        for (long r = 0; r < df.Rows.Count; r++)
        {
            for (int c = 0; c < writers.Length; c++)
            {
                if (c > 0) w.Byte((byte)',');
                writers[c](w, r);
            }
            w.Byte((byte)'\n');
        }
        w.Flush();
    }

    /// <summary>Reads a CSV written by <see cref="Write(DataFrame, string)"/>. The header must name exactly the columns of
    /// <paramref name="schema"/> (default: the trace schema), in order; otherwise an <see cref="InvalidDataException"/>
    /// says which column differs and where.</summary>
    public static DataFrame Read(string path, IReadOnlyList<(string Name, Type Type)>? schema = null)
    {
        schema ??= TraceSchema.Columns.Select(c => (c.Name, c.Type)).ToArray();
        using var reader = new StreamReader(path, new UTF8Encoding(false));
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}:1: empty file, expected a header row");
        var names = Split(header, path, 1);
        if (names.Count != schema.Count || !names.SequenceEqual(schema.Select(s => s.Name)))
            throw new InvalidDataException($"{path}:1: header [{string.Join(",", names)}] instead of [{string.Join(",", schema.Select(s => s.Name))}]");
        var builders = schema.Select(s => ColumnBuilder.For(s.Type)).ToArray();
        int line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            while (CountQuotes(text) % 2 == 1) // a quoted field with a line break continues on the next line
                text += "\n" + (reader.ReadLine() ?? throw new InvalidDataException($"{path}:{line}: unterminated quoted field"));
            var cells = Split(text, path, line);
            if (cells.Count != schema.Count)
                throw new InvalidDataException($"{path}:{line}: {cells.Count} fields instead of {schema.Count}");
            for (int c = 0; c < cells.Count; c++)
                if (!builders[c].Add(cells[c]))
                    throw new InvalidDataException($"{path}:{line}: column {schema[c].Name}: '{cells[c]}' is not a {schema[c].Type.Name}");
        }
        int rows = line - 1;
        var fields = schema.Select((s, i) => new Field(s.Name, builders[i].ArrowType, nullable: true));
        var batch = new RecordBatch(new Schema(fields, null), builders.Select(b => b.Build()), rows);
        return DataFrame.FromArrowRecordBatch(batch);
    }

    static int CountQuotes(string s)
    {
        int n = 0;
        foreach (var ch in s) if (ch == '"') n++;
        return n;
    }

    static List<string> Split(string line, string path, int lineNo)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        int i = 0;
        while (true)
        {
            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new InvalidDataException($"{path}:{lineNo}: unterminated quoted field");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',') sb.Append(line[i++]);
            }
            cells.Add(sb.ToString());
            if (i >= line.Length) return cells;
            if (line[i] != ',') throw new InvalidDataException($"{path}:{lineNo}: text after a closing quote at column {i + 1}");
            i++;
        }
    }

    // Column indexers cost a chunk lookup (and a string allocation) per cell; the writers below read each column's
    // buffers once and index flat arrays instead.
    static Action<Utf8Out, long> CellWriter(DataFrameColumn col) => col switch
    {
        PrimitiveDataFrameColumn<long> c => Primitive(c),
        PrimitiveDataFrameColumn<int> c => Primitive(c),
        PrimitiveDataFrameColumn<ulong> c => Primitive(c),
        PrimitiveDataFrameColumn<double> c => Primitive(c),
        PrimitiveDataFrameColumn<float> c => Primitive(c),
        PrimitiveDataFrameColumn<bool> c => (w, r) => w.Text(c[r] is bool b ? (b ? "true" : "false") : ""),
        ArrowStringDataFrameColumn c => ArrowStrings(c),
        StringDataFrameColumn c => (w, r) => { if (c[r] is { } s) w.Text(s); },
        _ => throw new NotSupportedException($"column '{col.Name}' of type {col.DataType.Name} cannot be written to CSV"),
    };

    static Action<Utf8Out, long> Primitive<T>(PrimitiveDataFrameColumn<T> c) where T : unmanaged, IUtf8SpanFormattable
    {
        var values = new T[c.Length];
        int at = 0;
        foreach (var chunk in c.GetReadOnlyDataBuffers()) { chunk.Span.CopyTo(values.AsSpan(at)); at += chunk.Length; }
        if (c.NullCount == 0) return (w, r) => w.Number<T>(values[r]);
        var valid = Validity(c.GetReadOnlyNullBitMapBuffers(), c.GetReadOnlyDataBuffers().Select(b => b.Length), c.Length);
        return (w, r) => { if (valid[r]) w.Number<T>(values[r]); };
    }

    static Action<Utf8Out, long> ArrowStrings(ArrowStringDataFrameColumn c)
    {
        var datas = c.GetReadOnlyDataBuffers().ToArray();
        var offs = c.GetReadOnlyOffsetsBuffers().ToArray();
        var chunkOf = new int[c.Length];
        var rowIn = new int[c.Length];
        int row = 0;
        for (int k = 0; k < offs.Length; k++)
            for (int j = 0; j < offs[k].Length - 1; j++, row++) { chunkOf[row] = k; rowIn[row] = j; }
        bool[]? valid = c.NullCount == 0 ? null
            : Validity(c.GetReadOnlyNullBitMapBuffers(), offs.Select(o => Math.Max(0, o.Length - 1)), c.Length);
        return (w, r) =>
        {
            if (valid is not null && !valid[r]) return;
            int k = chunkOf[r], j = rowIn[r];
            var o = offs[k].Span;
            w.Utf8(datas[k].Span[o[j]..o[j + 1]]);
        };
    }

    static bool[] Validity(IEnumerable<ReadOnlyMemory<byte>> bitmaps, IEnumerable<int> chunkLengths, long length)
    {
        var valid = new bool[length];
        int at = 0;
        foreach (var (bits, len) in bitmaps.Zip(chunkLengths))
        {
            var span = bits.Span;
            for (int i = 0; i < len; i++) valid[at + i] = span.Length == 0 || (span[i >> 3] & (1 << (i & 7))) != 0;
            at += len;
        }
        return valid;
    }

    /// <summary>A small buffered UTF-8 writer with RFC 4180 quoting and invariant number formatting.</summary>
    sealed class Utf8Out(Stream stream)
    {
        readonly byte[] _buf = new byte[1 << 16];
        int _n;

        public void Byte(byte b)
        {
            if (_n == _buf.Length) Flush();
            _buf[_n++] = b;
        }

        public void Number<T>(T v) where T : struct, IUtf8SpanFormattable
        {
            if (_buf.Length - _n < 64) Flush();
            if (!v.TryFormat(_buf.AsSpan(_n), out int written, default, CultureInfo.InvariantCulture))
                throw new InvalidOperationException("number too long for the CSV buffer");
            _n += written;
        }

        public void Text(string s) => Utf8(Encoding.UTF8.GetBytes(s));

        public void Utf8(ReadOnlySpan<byte> s)
        {
            bool quote = s.IndexOfAny((byte)',', (byte)'"') >= 0 || s.IndexOfAny((byte)'\n', (byte)'\r') >= 0;
            if (!quote) { Raw(s); return; }
            Byte((byte)'"');
            foreach (var b in s)
            {
                if (b == '"') Byte((byte)'"');
                Byte(b);
            }
            Byte((byte)'"');
        }

        void Raw(ReadOnlySpan<byte> s)
        {
            if (s.Length > _buf.Length - _n) Flush();
            if (s.Length > _buf.Length) { stream.Write(s); return; }
            s.CopyTo(_buf.AsSpan(_n));
            _n += s.Length;
        }

        public void Flush()
        {
            stream.Write(_buf, 0, _n);
            _n = 0;
        }
    }
}
