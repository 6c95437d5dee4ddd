// The markdown subset notebooks use, rendered to HTML.
using Workbench.Notebooks.Html;

namespace Workbench.Notebooks.Tests.Html;

public sealed class MarkdownRendererTests
{
    static string R(string md) => new MarkdownRenderer().Render(md);

    [Theory]
    [InlineData("# Title", "<h1>Title</h1>\n")]
    [InlineData("### Three ###", "<h3>Three</h3>\n")]
    [InlineData("a *b* **c** `d*e*` ~~f~~", "<p>a <em>b</em> <strong>c</strong> <code>d*e*</code> <del>f</del></p>\n")]
    [InlineData("snake_case_name stays", "<p>snake_case_name stays</p>\n")]
    [InlineData("x < y & \"z\"", "<p>x &lt; y &amp; &quot;z&quot;</p>\n")]
    [InlineData("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n")]
    [InlineData("[a](https://e.org/x \"t\") [b](javascript:alert)", "<p><a href=\"https://e.org/x\" title=\"t\">a</a> <a href=\"#\">b</a></p>\n")]
    [InlineData("![remote](https://e.org/x.png)", "<p><a class=\"image-link\" href=\"https://e.org/x.png\">remote</a></p>\n")]
    [InlineData("\\*not em\\*", "<p>*not em*</p>\n")]
    [InlineData("line one  \nline two", "<p>line one<br>\nline two</p>\n")]
    [InlineData("---", "<hr>\n")]
    [InlineData("> quoted *text*", "<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>\n")]
    public void inline_and_simple_blocks(string md, string html) => Assert.Equal(html, R(md));

    [Fact]
    public void fenced_and_indented_code_is_escaped_verbatim()
    {
        Assert.Equal("<pre><code class=\"language-csharp\">var x = a &lt; b; // *no em*\n</code></pre>\n",
            R("```csharp\nvar x = a < b; // *no em*\n\n```").Replace("\n\n</code>", "\n</code>"));
        Assert.Equal("<p>p</p>\n<pre><code>code line\n  more</code></pre>\n", R("p\n\n    code line\n      more"));
    }

    [Fact]
    public void nested_and_ordered_lists()
    {
        Assert.Equal("<ul>\n<li>a\n<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol></li>\n<li>b</li>\n</ul>\n",
            R("- a\n  3. x\n  4. y\n- b"));
    }

    [Fact]
    public void pipe_tables_with_alignment()
    {
        Assert.Equal(
            "<table>\n<thead>\n<tr><th style=\"text-align:left\">n</th><th style=\"text-align:right\">v</th></tr>\n</thead>\n<tbody>\n" +
            "<tr><td style=\"text-align:left\"><code>a|b</code></td><td style=\"text-align:right\">1</td></tr>\n</tbody>\n</table>\n",
            R("| n | v |\n|:--|--:|\n| `a\\|b` | 1 |"));
    }

    [Fact]
    public void paragraphs_end_at_a_heading_or_list()
    {
        Assert.Equal("<p>text</p>\n<h2>H</h2>\n<p>more</p>\n<ul>\n<li>item</li>\n</ul>\n", R("text\n## H\nmore\n- item"));
    }
}
