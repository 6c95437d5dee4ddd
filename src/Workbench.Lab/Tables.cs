// The one table renderer behind DataFrame and record-list formatting: padded HTML (numbers right-aligned, nulls
// muted) and fixed-width text, with a row limit and an "N more rows" line.
using System.Globalization;
using System.Net;
using System.Text;

namespace Workbench.Lab;

/// <summary>
/// A rendered table: <see cref="Headers"/>, <see cref="Rows"/> of cell text (null for a missing value), which
/// columns are numeric, and how many rows the source had in all. Deterministic; stateless.
/// </summary>
internal sealed record Tables(string[] Headers, string?[][] Rows, bool[] Numeric, long TotalRows, string[]? HeaderTitles = null)
{
    /// <summary><c>&lt;table class="CLASS"&gt;</c>, a header row, one row per shown row, then the footer paragraph.</summary>
    public string ToHtml(string cssClass, string footer)
    {
        var sb = new StringBuilder();
        sb.Append("<table class=\"").Append(cssClass).Append("\">\n<thead><tr>");
        for (int c = 0; c < Headers.Length; c++)
        {
            sb.Append(Numeric[c] ? "<th class=\"num\"" : "<th");
            if (HeaderTitles?[c] is { } title) sb.Append(" title=\"").Append(Encode(title)).Append('"');
            sb.Append('>').Append(Encode(Headers[c])).Append("</th>");
        }
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            sb.Append("<tr>");
            for (int c = 0; c < row.Length; c++)
            {
                if (row[c] is not { } cell) sb.Append("<td class=\"null\"></td>");
                else sb.Append(Numeric[c] ? "<td class=\"num\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n<p class=\"more-rows\">").Append(footer).Append("</p>\n"); // our own text: digits, ×, …
        return sb.ToString();
    }

    /// <summary>Fixed-width text: header, dashes, rows (numbers right-aligned, missing values as "null"), footer.</summary>
    public string ToText(string footer)
    {
        var cells = Rows.Select(r => r.Select(c => c ?? "null").ToArray()).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(row => row[i].Length))).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, Headers, widths);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in cells) AppendRow(sb, row, widths);
        sb.Append(footer).Append('\n');
        return sb.ToString();
    }

    /// <summary>"(N rows × M columns)", or "… K more rows (N rows × M columns)" when rows were left out.</summary>
    public string Footer(int columns)
    {
        var size = string.Create(CultureInfo.InvariantCulture, $"{TotalRows} rows × {columns} columns");
        var more = TotalRows - Rows.Length;
        return more > 0 ? string.Create(CultureInfo.InvariantCulture, $"… {more} more rows ({size})") : $"({size})";
    }

    void AppendRow(StringBuilder sb, string[] row, int[] widths)
    {
        var parts = row.Select((v, i) => Numeric[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]));
        sb.Append(string.Join("  ", parts).TrimEnd()).Append('\n');
    }

    static string Encode(string s) => WebUtility.HtmlEncode(s);
}
