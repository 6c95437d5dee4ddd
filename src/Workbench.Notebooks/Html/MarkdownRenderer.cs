// A small Markdown-to-HTML renderer for notebook markdown cells: ATX headings, paragraphs, nested lists, fenced
// and indented code, block quotes, rules, GFM pipe tables; inline code, emphasis, strike-through, links, images,
// autolinks and hard breaks. Raw HTML is escaped and shown as text. Images load nothing from outside the page:
// a local image next to the notebook is inlined as a data URI, any other image becomes a link.
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Notebooks.Html;

/// <summary>
/// Renders CommonMark-like Markdown (a practical subset, not the full specification). Deterministic; thread-safe.
/// </summary>
public sealed partial class MarkdownRenderer(string? imageFolder = null)
{
    [GeneratedRegex(@"^(#{1,6})\s+(.*?)\s*#*\s*$")] private static partial Regex Heading();
    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")] private static partial Regex Rule();
    [GeneratedRegex(@"^(\s*)(```+|~~~+)\s*([\w#+.-]*)")] private static partial Regex Fence();
    [GeneratedRegex(@"^(\s*)([-*+]|\d{1,9}[.)])(\s+|$)(.*)$")] private static partial Regex ListItem();
    [GeneratedRegex(@"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")] private static partial Regex TableRule();
    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|~<>])")] private static partial Regex Escape();
    [GeneratedRegex(@"(`+)(.+?)\1")] private static partial Regex CodeSpan();
    [GeneratedRegex(@"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+""([^""]*)"")?\s*\)")] private static partial Regex Link();
    [GeneratedRegex(@"<((?:https?|mailto):[^\s>]+)>")] private static partial Regex AutoLink();
    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")] private static partial Regex Strong();
    [GeneratedRegex(@"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")] private static partial Regex Emphasis();
    [GeneratedRegex(@"~~(?=\S)(.+?)(?<=\S)~~")] private static partial Regex Strike();
    [GeneratedRegex("\u0001(\\d+)\u0002")] private static partial Regex Slot();

    public string Render(string markdown)
    {
        var sb = new StringBuilder();
        RenderBlocks(markdown.Replace("\r\n", "\n").Replace('\t', ' ').Split('\n'), sb);
        return sb.ToString();
    }

    void RenderBlocks(IReadOnlyList<string> lines, StringBuilder sb)
    {
        int i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line)) { i++; continue; }
            Match m;
            if ((m = Fence().Match(line)).Success && m.Groups[1].Length < 4)
            {
                var fence = m.Groups[2].Value;
                var code = new List<string>();
                for (i++; i < lines.Count && !lines[i].TrimStart().StartsWith(fence, StringComparison.Ordinal); i++) code.Add(lines[i]);
                i++;
                var lang = m.Groups[3].Value;
                sb.Append(lang.Length > 0 ? $"<pre><code class=\"language-{Attr(lang)}\">" : "<pre><code>")
                  .Append(Text(string.Join('\n', code))).Append("</code></pre>\n");
            }
            else if ((m = Heading().Match(line)).Success)
            {
                int level = m.Groups[1].Length;
                sb.Append($"<h{level}>").Append(Inline(m.Groups[2].Value)).Append($"</h{level}>\n");
                i++;
            }
            else if (Rule().IsMatch(line))
            {
                sb.Append("<hr>\n");
                i++;
            }
            else if (line.TrimStart().StartsWith('>'))
            {
                var quoted = new List<string>();
                for (; i < lines.Count && lines[i].TrimStart().StartsWith('>'); i++)
                {
                    var q = lines[i].TrimStart()[1..];
                    quoted.Add(q.StartsWith(' ') ? q[1..] : q);
                }
                sb.Append("<blockquote>\n");
                RenderBlocks(quoted, sb);
                sb.Append("</blockquote>\n");
            }
            else if (line.Contains('|') && i + 1 < lines.Count && TableRule().IsMatch(lines[i + 1]) && lines[i + 1].Contains('-'))
                i = RenderTable(lines, i, sb);
            else if (ListItem().IsMatch(line) && ListItem().Match(line).Groups[1].Length < 4)
                i = RenderList(lines, i, sb);
            else if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                var code = new List<string>();
                for (; i < lines.Count && (lines[i].StartsWith("    ", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(lines[i])); i++)
                    code.Add(lines[i].Length >= 4 ? lines[i][4..] : "");
                while (code.Count > 0 && code[^1].Length == 0) code.RemoveAt(code.Count - 1);
                sb.Append("<pre><code>").Append(Text(string.Join('\n', code))).Append("</code></pre>\n");
            }
            else
            {
                var para = new List<string>();
                for (; i < lines.Count && !string.IsNullOrWhiteSpace(lines[i]) && (para.Count == 0 || !StartsBlock(lines[i])); i++)
                    para.Add(lines[i]);
                sb.Append("<p>").Append(Inline(string.Join('\n', para).Trim())).Append("</p>\n");
            }
        }
    }

    bool StartsBlock(string line) =>
        Heading().IsMatch(line) || Rule().IsMatch(line) || line.TrimStart().StartsWith('>')
        || (Fence().Match(line) is { Success: true } f && f.Groups[1].Length < 4)
        || (ListItem().Match(line) is { Success: true } l && l.Groups[1].Length < 4 && l.Groups[4].Length > 0);

    int RenderList(IReadOnlyList<string> lines, int i, StringBuilder sb)
    {
        var first = ListItem().Match(lines[i]);
        int indent = first.Groups[1].Length;
        bool ordered = char.IsDigit(first.Groups[2].Value[0]);
        var start = ordered ? int.Parse(first.Groups[2].Value[..^1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        sb.Append(ordered ? (start == 1 ? "<ol>\n" : $"<ol start=\"{start}\">\n") : "<ul>\n");
        var items = new List<List<string>>();
        bool loose = false;
        while (i < lines.Count)
        {
            var m = ListItem().Match(lines[i]);
            if (!m.Success || m.Groups[1].Length != indent || char.IsDigit(m.Groups[2].Value[0]) != ordered) break;
            int content = m.Groups[1].Length + m.Groups[2].Length + Math.Max(1, m.Groups[3].Length);
            var item = new List<string> { m.Groups[4].Value };
            for (i++; i < lines.Count; i++)
            {
                var l = lines[i];
                if (string.IsNullOrWhiteSpace(l))
                {
                    if (i + 1 < lines.Count && Indent(lines[i + 1]) >= content) { item.Add(""); loose = true; continue; }
                    break;
                }
                if (Indent(l) >= content) item.Add(l[content..]);
                else if (Indent(l) > indent && ListItem().IsMatch(l)) item.Add(l.TrimStart());
                else if (!StartsBlock(l) && !ListItem().IsMatch(l)) item.Add(l.TrimStart());
                else break;
            }
            items.Add(item);
            if (i < lines.Count && string.IsNullOrWhiteSpace(lines[i]) && i + 1 < lines.Count
                && ListItem().Match(lines[i + 1]) is { Success: true } next && next.Groups[1].Length == indent)
            {
                loose = true;
                i++;
            }
        }
        foreach (var item in items)
        {
            var inner = new StringBuilder();
            RenderBlocks(item, inner);
            var html = inner.ToString();
            if (!loose && html.StartsWith("<p>", StringComparison.Ordinal))
            {
                var end = html.IndexOf("</p>\n", StringComparison.Ordinal);
                html = html[3..end] + (end + 5 < html.Length ? "\n" + html[(end + 5)..] : "");
            }
            sb.Append("<li>").Append(html.TrimEnd('\n')).Append("</li>\n");
        }
        sb.Append(ordered ? "</ol>\n" : "</ul>\n");
        return i;
    }

    int RenderTable(IReadOnlyList<string> lines, int i, StringBuilder sb)
    {
        var header = Cells(lines[i]);
        var align = Cells(lines[i + 1]).Select(c => c.StartsWith(':') && c.EndsWith(':') ? "center" : c.EndsWith(':') ? "right" : c.StartsWith(':') ? "left" : null).ToList();
        string Style(int col) => col < align.Count && align[col] is { } a ? $" style=\"text-align:{a}\"" : "";
        sb.Append("<table>\n<thead>\n<tr>");
        for (int c = 0; c < header.Count; c++) sb.Append($"<th{Style(c)}>").Append(Inline(header[c])).Append("</th>");
        sb.Append("</tr>\n</thead>\n<tbody>\n");
        for (i += 2; i < lines.Count && lines[i].Contains('|') && !string.IsNullOrWhiteSpace(lines[i]); i++)
        {
            var row = Cells(lines[i]);
            sb.Append("<tr>");
            for (int c = 0; c < header.Count; c++) sb.Append($"<td{Style(c)}>").Append(c < row.Count ? Inline(row[c]) : "").Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        return i;
    }

    static List<string> Cells(string line)
    {
        var t = line.Trim();
        if (t.StartsWith('|')) t = t[1..];
        if (t.EndsWith('|') && !t.EndsWith("\\|", StringComparison.Ordinal)) t = t[..^1];
        var cells = new List<string>();
        var cur = new StringBuilder();
        for (int k = 0; k < t.Length; k++)
        {
            if (t[k] == '\\' && k + 1 < t.Length && t[k + 1] == '|') { cur.Append('|'); k++; }
            else if (t[k] == '|') { cells.Add(cur.ToString().Trim()); cur.Clear(); }
            else cur.Append(t[k]);
        }
        cells.Add(cur.ToString().Trim());
        return cells;
    }

    static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    /// <summary>Inline markup. Code spans, escapes, links and images are cut out into slots first, so emphasis never reaches inside them.</summary>
    internal string Inline(string text)
    {
        var slots = new List<string>();
        string Keep(string html) { slots.Add(html); return $"\u0001{slots.Count - 1}\u0002"; }
        text = CodeSpan().Replace(text, m => Keep("<code>" + Text(m.Groups[2].Value.Trim()) + "</code>"));
        text = Escape().Replace(text, m => Keep(Text(m.Groups[1].Value)));
        text = Link().Replace(text, m => Keep(m.Groups[1].Length > 0
            ? Image(m.Groups[3].Value, m.Groups[2].Value)
            : $"<a href=\"{Attr(SafeUrl(m.Groups[3].Value))}\"{Title(m.Groups[4].Value)}>{Inline(m.Groups[2].Value)}</a>"));
        text = AutoLink().Replace(text, m => Keep($"<a href=\"{Attr(SafeUrl(m.Groups[1].Value))}\">{Text(m.Groups[1].Value)}</a>"));
        text = Text(text);
        text = Strong().Replace(text, m => $"<strong>{m.Groups[1].Value}{m.Groups[2].Value}</strong>");
        text = Emphasis().Replace(text, m => $"<em>{m.Groups[1].Value}{m.Groups[2].Value}</em>");
        text = Strike().Replace(text, m => $"<del>{m.Groups[1].Value}</del>");
        text = text.Replace("  \n", "<br>\n").Replace("\\\n", "<br>\n");
        for (int pass = 0; pass < 8 && text.Contains('\u0001'); pass++)
            text = Slot().Replace(text, m => slots[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        return text;
    }

    string Image(string src, string alt)
    {
        if (imageFolder is not null && !src.Contains(':') && !src.StartsWith("//", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(Path.Combine(imageFolder, Uri.UnescapeDataString(src)));
            var mime = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".png" => "image/png", ".jpg" or ".jpeg" => "image/jpeg", ".gif" => "image/gif", ".svg" => "image/svg+xml", _ => null,
            };
            if (mime is not null && File.Exists(path))
                return $"<img src=\"data:{mime};base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\" alt=\"{Attr(alt)}\">";
        }
        // Never load an image from elsewhere: show it as a link instead.
        return $"<a class=\"image-link\" href=\"{Attr(SafeUrl(src))}\">{Text(alt.Length > 0 ? alt : src)}</a>";
    }

    static string Title(string title) => title.Length > 0 ? $" title=\"{Attr(title)}\"" : "";

    static string SafeUrl(string url)
    {
        var colon = url.IndexOf(':');
        if (colon < 0) return url;
        var scheme = url[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" ? url : "#";
    }

    internal static string Text(string s) => WebUtility.HtmlEncode(s).Replace("&#39;", "'");

    internal static string Attr(string s) => WebUtility.HtmlEncode(s);
}
