// The table a sweep writes: one row per run (its number, its parameters, its status, then every recorded result by
// name), as CSV and as an Arrow IPC file that pandas, polars and DuckDB read. Cells are kept as text (the JSON text
// of a recorded number, a parameter as given) and each column's type is inferred from all its cells, so a table
// merged from shards' CSV files is built from the same text as the unsharded run's and gives the same bytes.
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Workbench.Notebooks.Sweep;

/// <summary>Columns and rows of text cells (null: no value). Rows are kept sorted by run number. Not thread-safe.</summary>
public sealed class SweepTable
{
    public const string RunColumn = "run", StatusColumn = "status";

    public SweepTable(IReadOnlyList<string> columns) => Columns = columns;

    public IReadOnlyList<string> Columns { get; }

    public List<string?[]> Rows { get; } = new();

    /// <summary>The CSV text: a header, then one line per row; RFC 4180 quoting where needed; LF line ends.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Columns.Select(Quote)).Append('\n');
        foreach (var row in Rows) sb.AppendJoin(',', row.Select(c => c is null ? "" : Quote(c))).Append('\n');
        return sb.ToString();
    }

    static string Quote(string s) => s.Length == 0 ? "\"\"" : s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";

    /// <summary>Parses <see cref="ToCsv"/>'s format (an empty unquoted cell is null, <c>""</c> the empty string).</summary>
    public static SweepTable FromCsv(string text, string path)
    {
        var records = ParseCsv(text, path);
        if (records.Count == 0) throw new NotebookInputException(path, null, "empty table: no header line");
        var table = new SweepTable(records[0].Select(c => c ?? "").ToArray());
        for (int i = 1; i < records.Count; i++)
        {
            if (records[i].Length != table.Columns.Count)
                throw new NotebookInputException(path, null, $"line {i + 1}: {records[i].Length} cells for {table.Columns.Count} columns");
            table.Rows.Add(records[i]);
        }
        return table;
    }

    static List<string?[]> ParseCsv(string text, string path)
    {
        var records = new List<string?[]>();
        var row = new List<string?>();
        var cell = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': quoted = wasQuoted = true; break;
                case ',': row.Add(Cell()); break;
                case '\n':
                    row.Add(Cell());
                    records.Add(row.ToArray());
                    row.Clear();
                    line++;
                    break;
                case '\r': break;
                default: cell.Append(c); break;
            }
        }
        if (quoted) throw new NotebookInputException(path, null, $"line {line}: a quoted cell is not closed");
        if (cell.Length > 0 || row.Count > 0) { row.Add(Cell()); records.Add(row.ToArray()); }
        return records;

        string? Cell()
        {
            var s = cell.Length == 0 && !wasQuoted ? null : cell.ToString();
            cell.Clear();
            wasQuoted = false;
            return s;
        }
    }

    /// <summary>Writes the Arrow IPC file: each column typed as int64, double, bool or utf8 by what all its cells hold.</summary>
    public void WriteArrow(string path)
    {
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        for (int c = 0; c < Columns.Count; c++)
        {
            var cells = Rows.Select(r => r[c]).ToList();
            var (type, array) = Column(cells);
            fields.Add(new Field(Columns[c], type, nullable: true));
            arrays.Add(array);
        }
        var schema = new Schema(fields, null);
        var batch = new RecordBatch(schema, arrays, Rows.Count);
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new ArrowFileWriter(fs, schema, leaveOpen: true);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    }

    static (IArrowType, IArrowArray) Column(List<string?> cells)
    {
        var present = cells.Where(c => c is not null).ToList();
        var inv = CultureInfo.InvariantCulture;
        if (present.Count > 0 && present.All(c => long.TryParse(c, NumberStyles.AllowLeadingSign, inv, out _)))
        {
            var b = new Int64Array.Builder();
            foreach (var c in cells) { if (c is null) b.AppendNull(); else b.Append(long.Parse(c, inv)); }
            return (Int64Type.Default, b.Build());
        }
        if (present.Count > 0 && present.All(c => double.TryParse(c, NumberStyles.Float, inv, out _)))
        {
            var b = new DoubleArray.Builder();
            foreach (var c in cells) { if (c is null) b.AppendNull(); else b.Append(double.Parse(c, NumberStyles.Float, inv)); }
            return (DoubleType.Default, b.Build());
        }
        if (present.Count > 0 && present.All(c => c is "true" or "false"))
        {
            var b = new BooleanArray.Builder();
            foreach (var c in cells) { if (c is null) b.AppendNull(); else b.Append(c == "true"); }
            return (BooleanType.Default, b.Build());
        }
        var s = new StringArray.Builder();
        foreach (var c in cells) { if (c is null) s.AppendNull(); else s.Append(c); }
        return (StringType.Default, s.Build());
    }
}
