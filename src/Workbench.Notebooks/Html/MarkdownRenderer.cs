// Markdown cells to HTML with Markdig: CommonMark plus GitHub's pipe tables, task lists, strike-through, autolinks
// and heading anchors, and $...$ math kept as TeX in a math span. Raw HTML is allowed and then sanitised
// (HtmlSanitizer). Images load nothing from outside the page: cell attachments and images next to the notebook are
// inlined as data URIs, any other image becomes a link.
using System.Net;
using System.Text.Json.Nodes;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Workbench.Notebooks.Html;

/// <summary>A heading found while rendering: its level, text and anchor id (unique on the page).</summary>
public sealed record MarkdownHeading(int Level, string Text, string Id);

/// <summary>
/// Renders markdown cells of one page. Heading ids are unique across the cells it renders (a second "Setup" becomes
/// "setup-1"), and every heading is listed in <see cref="Headings"/> for a table of contents. Deterministic;
/// not thread-safe (one instance per page).
/// </summary>
public sealed class MarkdownRenderer(string? imageFolder = null)
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseMathematics()
        .Build();

    static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>Headings of every cell rendered so far, in order.</summary>
    public List<MarkdownHeading> Headings { get; } = [];

    /// <summary>HTML for <paramref name="markdown"/>; <paramref name="attachments"/> are the cell's nbformat attachments.</summary>
    public string Render(string markdown, JsonObject? attachments = null)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>()) UniqueId(heading);
        foreach (var link in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList()) Image(link, attachments);
        // GFM: "\|" in a table cell is a pipe, inside code spans too (spec example 200); Markdig keeps the backslash there.
        foreach (var code in document.Descendants<Markdig.Extensions.Tables.TableCell>().SelectMany(c => c.Descendants<CodeInline>()))
            code.Content = code.Content.Replace("\\|", "|", StringComparison.Ordinal);
        var html = document.ToHtml(Pipeline);
        return Sanitizer.Sanitize(html).Replace("\r\n", "\n") + (html.EndsWith('\n') ? "" : "\n");
    }

    void UniqueId(HeadingBlock heading)
    {
        var attributes = heading.GetAttributes();
        var id = attributes.Id ?? "section";
        var unique = id;
        for (int n = 1; !_ids.Add(unique); n++) unique = $"{id}-{n}";
        attributes.Id = unique;
        Headings.Add(new MarkdownHeading(heading.Level, PlainText(heading), unique));
    }

    static string PlainText(HeadingBlock heading)
    {
        if (heading.Inline is null) return "";
        var sb = new System.Text.StringBuilder();
        foreach (var inline in heading.Inline.Descendants<Inline>())
        {
            if (inline is LiteralInline l) sb.Append(l.Content.ToString());
            else if (inline is CodeInline c) sb.Append(c.Content);
        }
        return sb.ToString();
    }

    /// <summary>An attachment or a local image becomes a data URI; anything else a plain link (nothing loads from elsewhere).</summary>
    void Image(LinkInline link, JsonObject? attachments)
    {
        var url = link.Url ?? "";
        if (url.StartsWith("attachment:", StringComparison.Ordinal) && Attachment(attachments, url["attachment:".Length..]) is { } data)
        {
            link.Url = data;
            return;
        }
        if (LocalImage(url) is { } local)
        {
            link.Url = local;
            return;
        }
        link.IsImage = false;
        link.Url = SafeUrl(url);
        link.GetAttributes().AddClass("image-link");
        if (link.FirstChild is null) link.AppendChild(new LiteralInline(url));
    }

    static string? Attachment(JsonObject? attachments, string name)
    {
        if (attachments?[Uri.UnescapeDataString(name)] is not JsonObject bundle) return null;
        foreach (var (mime, value) in bundle.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!mime.StartsWith("image/", StringComparison.Ordinal)) continue;
            var text = value is JsonArray lines ? string.Concat(lines.Select(l => l?.GetValue<string>())) : value?.GetValue<string>();
            if (text is null) continue;
            return mime == "image/svg+xml"
                ? $"data:{mime};base64,{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))}"
                : $"data:{mime};base64,{text.Replace("\n", "", StringComparison.Ordinal)}";
        }
        return null;
    }

    string? LocalImage(string src)
    {
        if (imageFolder is null || src.Length == 0 || src.Contains(':') || src.StartsWith("//", StringComparison.Ordinal)) return null;
        var path = Path.GetFullPath(Path.Combine(imageFolder, Uri.UnescapeDataString(src)));
        var mime = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png", ".jpg" or ".jpeg" => "image/jpeg", ".gif" => "image/gif", ".svg" => "image/svg+xml", _ => null,
        };
        return mime is not null && File.Exists(path) ? $"data:{mime};base64,{Convert.ToBase64String(File.ReadAllBytes(path))}" : null;
    }

    static string SafeUrl(string url)
    {
        var colon = url.IndexOf(':');
        if (colon < 0) return url;
        var scheme = url[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" ? url : "#";
    }

    /// <summary>
    /// What survives: the HTML that CommonMark and GFM produce, plus details/summary, task-list checkboxes, anchors
    /// and math spans. Links may use http, https and mailto; an image only a data URI (remote images are removed).
    /// </summary>
    static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        foreach (var tag in new[] { "details", "summary", "input", "kbd", "sup", "sub", "del", "s" }) s.AllowedTags.Add(tag);
        foreach (var attribute in new[] { "id", "class", "type", "checked", "disabled", "start", "align", "open" }) s.AllowedAttributes.Add(attribute);
        s.AllowedSchemes.Add("mailto");
        s.AllowedSchemes.Add("data");
        s.AllowDataAttributes = false;
        s.FilterUrl += (_, e) =>
        {
            var data = e.OriginalUrl.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
            if (e.Tag.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase))
                e.SanitizedUrl = data && e.OriginalUrl.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) ? e.OriginalUrl : null;
            else if (data) e.SanitizedUrl = null;
        };
        return s;
    }

    internal static string Text(string s) => WebUtility.HtmlEncode(s).Replace("&#39;", "'");

    internal static string Attr(string s) => WebUtility.HtmlEncode(s);
}
