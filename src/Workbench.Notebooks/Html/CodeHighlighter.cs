// C# highlighting done when the page is written (ColorCode), so the page needs no script to colour code.
using ColorCode;
using ColorCode.Styling;

namespace Workbench.Notebooks.Html;

/// <summary>Code cell source as HTML spans with CSS classes. Deterministic; thread-safe (a formatter per call).</summary>
public static class CodeHighlighter
{
    /// <summary>The classes' colours (GitHub-like light theme), written once per page.</summary>
    public static string Css { get; } = new HtmlClassFormatter(StyleDictionary.DefaultLight).GetCSSString()
        .Replace("\r\n", "\n").Replace("}", "}\n") is var css ? ScopeToSource(css) : "";

    /// <summary>Escaped, highlighted HTML for <paramref name="source"/> (no wrapping element); other kernels are only escaped.</summary>
    public static string Html(string source, string kernel)
    {
        var language = kernel is "csharp" or "C#" ? Languages.CSharp : null;
        if (language is null) return MarkdownRenderer.Text(source);
        var html = new HtmlClassFormatter(StyleDictionary.DefaultLight).GetHtmlString(source, language).Replace("\r\n", "\n");
        return Unwrap(html);
    }

    /// <summary>ColorCode wraps its output in <c>&lt;div ...&gt;&lt;pre&gt;</c>; the page already has its own pre/code.</summary>
    static string Unwrap(string html)
    {
        var pre = html.IndexOf("<pre>", StringComparison.Ordinal);
        var end = html.LastIndexOf("</pre>", StringComparison.Ordinal);
        return (pre >= 0 && end > pre ? html[(pre + 5)..end] : html).Trim('\n');
    }

    /// <summary>Only code sources are coloured: every rule is scoped to <c>pre.source</c>.</summary>
    static string ScopeToSource(string css) =>
        string.Concat(css.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("body", StringComparison.Ordinal))
            .Select(l => l.TrimStart().StartsWith('.') ? "pre.source " + l.Trim() + "\n" : l.Trim() + "\n"));
}
