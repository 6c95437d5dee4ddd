// Deterministic renderings of Microsoft.Data.Analysis DataFrames for notebooks: the package's own
// formatter puts a timestamp in the table id and its text/plain is an object dump (notebooks.md §6, §2.2).
using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Lab;

/// <summary>
/// DataFrame as an HTML table and as a fixed-width text table. Same frame, same bytes: no ids,
/// no timestamps, invariant culture, shortest round-trip numbers; a missing value is an empty muted
/// cell in HTML and "null" in text. At most <see cref="MaxRows"/> rows are shown, followed by a
/// footer with the size and how many more rows there are.
/// No requirements (stateless apart from the settable limit).
/// </summary>
public static class DataFrameTables
{
    /// <summary>Rows shown before the footer says how many were left out. Default 50.</summary>
    public static int MaxRows { get; set; } = 50;

    /// <summary><c>&lt;table class="workbench-dataframe"&gt;</c> with a header row and one row per shown row.</summary>
    public static string ToHtml(DataFrame df)
    {
        var t = Table(df);
        return t.ToHtml("workbench-dataframe", t.Footer(df.Columns.Count));
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
        var t = Table(df);
        return t.ToText(t.Footer(df.Columns.Count));
    }

    static Tables Table(DataFrame df)
    {
        ArgumentNullException.ThrowIfNull(df);
        var shown = Math.Min(df.Rows.Count, Math.Max(0, MaxRows));
        var columns = df.Columns.ToList();
        var rows = new string?[shown][];
        for (long r = 0; r < shown; r++)
            rows[r] = new[] { r.ToString(CultureInfo.InvariantCulture) }.Concat(columns.Select(c => c[r] is null ? null : Cell(c[r]))).ToArray();
        return new Tables(
            new[] { "" }.Concat(columns.Select(c => c.Name)).ToArray(), rows,
            new[] { true }.Concat(columns.Select(c => IsNumeric(c.DataType))).ToArray(), df.Rows.Count,
            new string[] { null! }.Concat(columns.Select(c => c.DataType.Name)).ToArray());
    }

    internal static bool IsNumeric(Type t) =>
        Type.GetTypeCode(Nullable.GetUnderlyingType(t) ?? t) is >= TypeCode.SByte and <= TypeCode.Decimal;

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
}
