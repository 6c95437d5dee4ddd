// One self-contained HTML page per executed notebook: rendered markdown, code, outputs, inline CSS, and plotly.js
// inlined once in <head> when an output asks for it with the marker comment. Nothing on the page loads from
// another host: resource attributes (src, href) in outputs that point elsewhere are renamed so they load nothing.
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Html;

/// <summary>Renders an executed notebook. Deterministic (no dates, no absolute paths); thread-safe.</summary>
public static partial class NotebookHtmlWriter
{
    /// <summary>An output that contains this comment needs <c>window.Plotly</c> (the Workbench.Lab chart formatter writes it).</summary>
    public const string NeedsPlotlyMarker = "<!-- workbench:needs-plotly -->";

    [GeneratedRegex(@"(<[a-zA-Z][^>]*?\s)(src|href|srcset|poster|data|action|formaction)(\s*=\s*[""']?\s*(?:https?:)?//)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalAttribute();

    [GeneratedRegex(@"url\(\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalCssUrl();

    [GeneratedRegex(@"@import\s+[""']?(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalCssImport();

    /// <param name="plotly">plotly.js source; by default <see cref="PlotlyScript.Load"/>, called only when a marker is present.</param>
    public static string Write(NotebookDocument doc, Func<string>? plotly = null) => Write(doc, new PageOptions(), plotly);

    /// <summary>The page for <paramref name="doc"/>, laid out as <paramref name="options"/> say.</summary>
    public static string Write(NotebookDocument doc, PageOptions options, Func<string>? plotly = null)
    {
        var markdown = new MarkdownRenderer(Path.GetDirectoryName(doc.SourcePath));
        var body = new StringBuilder();
        foreach (var cell in doc.Cells) WriteCell(body, cell, markdown, options);
        var outputs = doc.Cells.SelectMany(c => c.Outputs).ToList();
        var needsPlotly = outputs.Any(o => o.Data?.Values.Any(v => v.Contains(NeedsPlotlyMarker, StringComparison.Ordinal)) == true);
        var carried = outputs.Any(o => o.Data?.Values.Any(v => v.Contains(PlotlyScript.CarriesMarker, StringComparison.Ordinal)) == true);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Text(doc.Name)).Append("</title>\n<style>\n").Append(Css).Append(CodeHighlighter.Css).Append("</style>\n");
        string? missing = null;
        if (needsPlotly && !carried)
        {
            try
            {
                var script = (plotly ?? PlotlyScript.Load)();
                sb.Append("<script>\n/* plotly.js ").Append(PlotlyScript.Version).Append(", inlined from Plotly.NET 6.0.0 */\n")
                  .Append(script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase))
                  .Append("\n</script>\n");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or BadImageFormatException)
            {
                missing = e.Message;
            }
        }
        sb.Append("</head>\n<body>\n<main>\n<header class=\"notebook\"><span class=\"file\">")
          .Append(Text(Path.GetFileName(doc.SourcePath))).Append("</span>");
        if (doc.InjectedParameters is { Count: > 0 } p)
            sb.Append(" <span class=\"parameters\">parameters: ")
              .Append(Text(string.Join(", ", p.Select(kv => $"{kv.Key} = {kv.Value?.ToJsonString()}")))).Append("</span>");
        sb.Append("</header>\n");
        if (options.Failure is { } failure) Banner(sb, failure);
        if (missing is not null)
            sb.Append("<p class=\"warning\">Charts cannot be drawn: plotly.js is missing (").Append(Text(missing)).Append(").</p>\n");
        if (options.TableOfContents) Toc(sb, markdown.Headings);
        sb.Append(body).Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Papermill's error banner: what stopped the notebook, with a link to the cell.</summary>
    static void Banner(StringBuilder sb, PageFailure f)
    {
        sb.Append("<div class=\"banner failed\" role=\"alert\"><strong>This notebook ").Append(Text(f.Status)).Append("</strong>");
        if (f.CellId is { } id && f.CellNumber is { } n)
            sb.Append(" at <a href=\"#cell-").Append(Attr(id)).Append("\">cell ").Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</a>");
        sb.Append(". Outputs below it are missing or incomplete.");
        if (f.Message.Length > 0) sb.Append("<pre>").Append(Text(f.Message)).Append("</pre>");
        sb.Append("</div>\n");
    }

    static void Toc(StringBuilder sb, IReadOnlyList<MarkdownHeading> headings)
    {
        if (headings.Count == 0) return;
        var top = headings.Min(h => h.Level);
        sb.Append("<nav class=\"toc\"><strong>Contents</strong>\n<ul>\n");
        foreach (var h in headings.Where(h => h.Level <= top + 2))
            sb.Append("<li class=\"level-").Append(h.Level - top).Append("\"><a href=\"#").Append(Attr(h.Id)).Append("\">")
              .Append(Text(h.Text)).Append("</a></li>\n");
        sb.Append("</ul></nav>\n");
    }

    static void WriteCell(StringBuilder sb, NotebookCell cell, MarkdownRenderer markdown, PageOptions options)
    {
        var anchor = $" id=\"cell-{Attr(cell.Id)}\"";
        switch (cell.Kind)
        {
            case CellKind.Markdown:
                sb.Append($"<section class=\"cell markdown\"{anchor}>\n").Append(markdown.Render(cell.Source, cell.Attachments)).Append("</section>\n");
                return;
            case CellKind.Raw:
                if (!options.NoInput) sb.Append($"<section class=\"cell raw\"{anchor}><pre>").Append(Text(cell.Source)).Append("</pre></section>\n");
                return;
        }
        if (options.NoInput && cell.Outputs.Count == 0) return;
        var tags = cell.Tags.Count > 0 ? $" data-tags=\"{Attr(string.Join(' ', cell.Tags))}\"" : "";
        sb.Append($"<section class=\"cell code\"{anchor}{tags}>\n");
        if (!options.NoInput)
            sb.Append("<div class=\"prompt\">").Append(cell.ExecutionCount is { } n ? $"[{n}]" : "[ ]").Append("</div>\n<pre class=\"source\"><code class=\"language-")
              .Append(Attr(cell.KernelName ?? "csharp")).Append("\">").Append(CodeHighlighter.Html(cell.Source, cell.KernelName ?? "csharp")).Append("</code></pre>\n");
        if (cell.Outputs.Count > 0)
        {
            sb.Append("<div class=\"outputs\">\n");
            foreach (var o in cell.Outputs) WriteOutput(sb, o);
            sb.Append("</div>\n");
        }
        sb.Append("</section>\n");
    }

    static void WriteOutput(StringBuilder sb, CellOutput o)
    {
        switch (o.OutputType)
        {
            case CellOutput.Stream:
                sb.Append($"<pre class=\"output stream {Attr(o.Name ?? "stdout")}\">").Append(Text(o.Text ?? "")).Append("</pre>\n");
                return;
            case CellOutput.Error:
                sb.Append("<pre class=\"output error\"><strong>").Append(Text(o.ErrorName ?? "Error")).Append("</strong>: ")
                  .Append(Text(o.ErrorValue ?? ""));
                var trace = (o.Traceback ?? []).Where(t => t != o.ErrorValue).ToList();
                if (trace.Count > 0) sb.Append('\n').Append(Text(string.Join('\n', trace)));
                sb.Append("</pre>\n");
                return;
        }
        var data = o.Data ?? new SortedDictionary<string, string>();
        if (data.TryGetValue("text/html", out var html))
            sb.Append("<div class=\"output html\">").Append(Neutralise(html)).Append("</div>\n");
        else if (data.TryGetValue("image/svg+xml", out var svg))
            sb.Append("<div class=\"output svg\">").Append(Neutralise(svg)).Append("</div>\n");
        else if (data.FirstOrDefault(kv => kv.Key is "image/png" or "image/jpeg" or "image/gif") is { Key: not null } img)
            sb.Append($"<div class=\"output image\"><img alt=\"output\" src=\"data:{img.Key};base64,")
              .Append(Attr(img.Value.Replace("\n", ""))).Append("\"></div>\n");
        else if (data.TryGetValue("text/markdown", out var md))
            sb.Append("<div class=\"output markdown\">").Append(new MarkdownRenderer().Render(md)).Append("</div>\n");
        else if (data.TryGetValue("text/plain", out var text))
            sb.Append("<pre class=\"output text\">").Append(Text(text)).Append("</pre>\n");
        else if (data.Count > 0)
            sb.Append("<pre class=\"output text\">").Append(Text(data.First().Value)).Append("</pre>\n");
    }

    /// <summary>
    /// Renames resource attributes that point to another host (<c>src="https://..."</c> becomes
    /// <c>data-blocked-src="https://..."</c>) and disables remote CSS urls, so an output cannot make the page load
    /// anything from the network. Output HTML is otherwise kept as the kernel produced it.
    /// </summary>
    public static string Neutralise(string html)
    {
        // plotly.js as ChartOutputs inlined it (3.6 MB, no match inside: its "://" are written ":\/\/") is passed over.
        // No match can span its ends: the block opens with a comment whose closing '>' no pattern crosses ([^>]), and
        // it ends with "</script>\n".
        if (PlotlyScript.FindOwnBlock(html) is var (start, length))
            return string.Concat(NeutraliseText(html[..start]), html.AsSpan(start, length), NeutraliseText(html[(start + length)..]));
        return NeutraliseText(html);
    }

    /// <summary><see cref="Neutralise"/> without passing over anything.</summary>
    internal static string NeutraliseText(string html)
    {
        html = ExternalAttribute().Replace(html, m => m.Groups[1].Value + "data-blocked-" + m.Groups[2].Value + m.Groups[3].Value);
        html = ExternalCssUrl().Replace(html, "url(about:blank#");
        return ExternalCssImport().Replace(html, "@import \"about:blank#");
    }

    static string Text(string s) => MarkdownRenderer.Text(s);

    static string Attr(string s) => MarkdownRenderer.Attr(s);

    const string Css = """
        body { margin: 0; background: #fafafa; color: #1f2328; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 16px 24px 48px; }
        header.notebook { color: #57606a; font-size: 13px; border-bottom: 1px solid #d0d7de; padding-bottom: 6px; margin-bottom: 12px; }
        header .file { font-family: ui-monospace, "Cascadia Mono", Menlo, monospace; }
        .banner.failed { background: #ffebe9; border: 1px solid #cf222e; border-radius: 6px; padding: 8px 12px; margin: 8px 0 16px; color: #82071e; }
        .banner.failed pre { background: none; padding: 4px 0 0; color: inherit; }
        nav.toc { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 16px; margin: 8px 0 16px; font-size: 14px; }
        nav.toc ul { list-style: none; margin: 4px 0; padding: 0; }
        nav.toc li.level-1 { padding-left: 1.2em; }
        nav.toc li.level-2 { padding-left: 2.4em; }
        .cell { margin: 12px 0; }
        .cell.code { position: relative; }
        .prompt { color: #8c959f; font: 12px ui-monospace, Menlo, monospace; margin-bottom: 2px; }
        pre { margin: 0; padding: 8px 10px; overflow-x: auto; font: 13px/1.45 ui-monospace, "Cascadia Mono", Menlo, monospace; white-space: pre-wrap; }
        pre.source { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; }
        .outputs { border-left: 3px solid #d0d7de; margin-top: 4px; padding-left: 8px; }
        .output { margin: 4px 0; }
        pre.stream.stderr { background: #fff8e6; }
        pre.output.error { background: #ffebe9; color: #82071e; }
        .output.html { overflow-x: auto; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border: 1px solid #d0d7de; padding: 4px 10px; vertical-align: top; }
        th { background: #f0f2f5; text-align: left; font-weight: 600; }
        tbody tr:nth-child(even) { background: #f6f8fa; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.null { color: #8c959f; }
        p.more-rows, .output.html table + p { color: #57606a; font-size: 13px; margin: 2px 0 8px; }
        .markdown code { background: #eff1f3; padding: 1px 4px; border-radius: 3px; font-size: 90%; }
        .markdown pre { background: #f6f8fa; border-radius: 4px; }
        .markdown pre code { background: none; padding: 0; }
        .markdown li.task-list-item { list-style: none; }
        .math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", serif; color: #0a3069; }
        div.math { margin: 8px 0; }
        .workbench-chart { margin: 4px 0; }
        blockquote { margin: 8px 0; padding: 0 12px; color: #57606a; border-left: 4px solid #d0d7de; }
        img { max-width: 100%; }
        p.warning { background: #fff8e6; border: 1px solid #d4a72c; padding: 6px 10px; }

        """;
}
