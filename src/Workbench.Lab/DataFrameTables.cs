// Deterministic renderings of Microsoft.Data.Analysis DataFrames for notebooks: the package's own
// formatter puts a timestamp in the table id and its text/plain is an object dump (notebooks.md §6, §2.2).
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace Workbench.Lab;

/// <summary>
/// DataFrame as an HTML table and as a fixed-width text table. Same frame, same bytes: no ids,
/// no timestamps, invariant culture, shortest round-trip numbers, "null" for missing values.
/// At most <see cref="MaxRows"/> rows are shown, followed by a "rows × columns" footer.
/// No requirements (stateless apart from the settable limit).
/// </summary>
public static class DataFrameTables
{
    /// <summary>Rows shown before the footer says how many were left out. Default 50.</summary>
    public static int MaxRows { get; set; } = 50;

    /// <summary><c>&lt;table class="workbench-dataframe"&gt;</c> with a header row and one row per shown row.</summary>
    public static string ToHtml(DataFrame df)
    {
        ArgumentNullException.ThrowIfNull(df);
        var shown = Shown(df);
        var sb = new StringBuilder();
        sb.Append("<table class=\"workbench-dataframe\">\n<thead><tr><th></th>");
        foreach (var c in df.Columns)
            sb.Append("<th title=\"").Append(Encode(c.DataType.Name)).Append("\">").Append(Encode(c.Name)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        for (long r = 0; r < shown; r++)
        {
            sb.Append("<tr><td>").Append(r.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            foreach (var c in df.Columns)
                sb.Append(IsNumeric(c) ? "<td style=\"text-align:right\">" : "<td>").Append(Encode(Cell(c[r]))).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n<p>").Append(Footer(df, shown)).Append("</p>\n"); // our own text: nothing to encode
        return sb.ToString();
    }

    /// <summary>A single column (<c>df["calls"]</c>) as a one-column table.</summary>
    public static string ToHtml(DataFrameColumn column) => ToHtml(Frame(column));

    /// <summary>A single column as a one-column fixed-width text table.</summary>
    public static string ToText(DataFrameColumn column) => ToText(Frame(column));

    // Clone: a column can belong to one DataFrame at a time.
    static DataFrame Frame(DataFrameColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return new DataFrame(column.Clone());
    }

    /// <summary>Fixed-width text: header, dashes, rows (numbers right-aligned), footer.</summary>
    public static string ToText(DataFrame df)
    {
        ArgumentNullException.ThrowIfNull(df);
        var shown = Shown(df);
        var columns = df.Columns.ToList();
        var headers = new[] { "" }.Concat(columns.Select(c => c.Name)).ToArray();
        var cells = new List<string[]>();
        for (long r = 0; r < shown; r++)
            cells.Add(new[] { r.ToString(CultureInfo.InvariantCulture) }.Concat(columns.Select(c => Cell(c[r]))).ToArray());
        var right = new[] { true }.Concat(columns.Select(IsNumeric)).ToArray();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(row => row[i].Length))).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, headers, widths, right);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in cells) AppendRow(sb, row, widths, right);
        sb.Append(Footer(df, shown)).Append('\n');
        return sb.ToString();
    }

    static void AppendRow(StringBuilder sb, string[] row, int[] widths, bool[] right)
    {
        var parts = row.Select((v, i) => right[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]));
        sb.Append(string.Join("  ", parts).TrimEnd()).Append('\n');
    }

    static long Shown(DataFrame df) => Math.Min(df.Rows.Count, Math.Max(0, MaxRows));

    static string Footer(DataFrame df, long shown)
    {
        var rows = df.Rows.Count;
        var size = string.Create(CultureInfo.InvariantCulture, $"{rows} rows × {df.Columns.Count} columns");
        return shown < rows ? string.Create(CultureInfo.InvariantCulture, $"({size}; first {shown} shown)") : $"({size})";
    }

    static bool IsNumeric(DataFrameColumn c) =>
        Type.GetTypeCode(c.DataType) is >= TypeCode.SByte and <= TypeCode.Decimal;

    /// <summary>One cell, culture-invariant: doubles/floats in shortest round-trip form ("0.1", "1E+20").</summary>
    internal static string Cell(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Encode(string s) => WebUtility.HtmlEncode(s);
}
