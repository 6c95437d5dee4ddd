// Markdown cells rendered as CommonMark and GitHub-flavoured markdown specify (Markdig), raw HTML sanitised.
using System.Text.Json.Nodes;
using Workbench.Notebooks.Html;

namespace Workbench.Notebooks.Tests.Html;

public sealed class MarkdownRendererTests
{
    static string R(string md) => new MarkdownRenderer().Render(md);

    [Theory]
    [InlineData("# Title", "<h1 id=\"title\">Title</h1>\n")]
    [InlineData("### Three ###", "<h3 id=\"three\">Three</h3>\n")]
    [InlineData("Setext one\n===", "<h1 id=\"setext-one\">Setext one</h1>\n")]
    [InlineData("Setext two\n---", "<h2 id=\"setext-two\">Setext two</h2>\n")]
    [InlineData("a *b* **c** `d*e*` ~~f~~", "<p>a <em>b</em> <strong>c</strong> <code>d*e*</code> <del>f</del></p>\n")]
    [InlineData("snake_case_name stays", "<p>snake_case_name stays</p>\n")]
    [InlineData("&copy; &amp; &#35; &lt;b&gt;", "<p>© &amp; # &lt;b&gt;</p>\n")]
    [InlineData("[a](https://e.org/x \"t\") [b](javascript:alert)", "<p><a href=\"https://e.org/x\" title=\"t\">a</a> <a>b</a></p>\n")]
    [InlineData("[wiki](https://e.org/Foo_(bar))", "<p><a href=\"https://e.org/Foo_(bar)\">wiki</a></p>\n")]
    [InlineData("see https://e.org/a, then", "<p>see <a href=\"https://e.org/a\">https://e.org/a</a>, then</p>\n")]
    [InlineData("[ref] and [other][ref]\n\n[ref]: https://e.org/r \"R\"", "<p><a href=\"https://e.org/r\" title=\"R\">ref</a> and <a href=\"https://e.org/r\" title=\"R\">other</a></p>\n")]
    [InlineData("![remote](https://e.org/x.png)", "<p><a href=\"https://e.org/x.png\" class=\"image-link\">remote</a></p>\n")]
    [InlineData("\\*not em\\*", "<p>*not em*</p>\n")]
    [InlineData("line one  \nline two", "<p>line one<br>\nline two</p>\n")]
    [InlineData("---", "<hr>\n")]
    [InlineData("> quoted *text*", "<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>\n")]
    public void inline_and_simple_blocks(string md, string html) => Assert.Equal(html, R(md));

    [Fact]
    public void raw_html_blocks_are_kept_and_sanitised()
    {
        Assert.Equal("<details><summary>More</summary>\n<p>hidden <em>text</em></p>\n</details>\n",
            R("<details><summary>More</summary>\n\nhidden *text*\n\n</details>"));
        Assert.Equal("\n", R("<script>alert(1)</script>"));
        Assert.Equal("<p><b>bold</b> <img></p>\n", R("<b onclick=\"x()\">bold</b> <img src=\"https://e.org/t.png\">"));
    }

    [Fact]
    public void fenced_and_indented_code_is_escaped_verbatim()
    {
        Assert.Equal("<pre><code class=\"language-csharp\">var x = a &lt; b; // *no em*\n</code></pre>\n", R("```csharp\nvar x = a < b; // *no em*\n```"));
        Assert.Equal("<p>p</p>\n<pre><code>code line\n  more\n</code></pre>\n", R("p\n\n    code line\n      more"));
    }

    [Fact]
    public void nested_ordered_lists_and_task_lists()
    {
        Assert.Equal("<ul>\n<li><p>a</p>\n<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n", R("- a\n\n  3. x\n  4. y\n- b"));
        // CommonMark: only a list starting at 1 may interrupt a paragraph.
        Assert.Equal("<ul>\n<li>a\n3. x</li>\n</ul>\n", R("- a\n  3. x"));
        var tasks = R("- [x] done\n- [ ] open");
        Assert.True(tasks.Contains("<li class=\"task-list-item\"><input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\"> done</li>"), tasks);
        Assert.True(tasks.Contains("<li class=\"task-list-item\"><input disabled=\"disabled\" type=\"checkbox\"> open</li>"), tasks);
    }

    [Fact]
    public void pipe_tables_with_alignment()
    {
        Assert.Equal(
            "<table>\n<thead>\n<tr>\n<th style=\"text-align: left\">n</th>\n<th style=\"text-align: right\">v</th>\n</tr>\n</thead>\n<tbody>\n" +
            "<tr>\n<td style=\"text-align: left\"><code>a|b</code></td>\n<td style=\"text-align: right\">1</td>\n</tr>\n</tbody>\n</table>\n",
            R("| n | v |\n|:--|--:|\n| `a\\|b` | 1 |"));
    }

    [Fact]
    public void math_stays_as_tex_in_a_math_span()
    {
        Assert.Equal("<p>cost <span class=\"math\">\\(2\\log_2(n+1)\\)</span></p>\n", R("cost $2\\log_2(n+1)$"));
        Assert.Contains("<div class=\"math\">", R("$$\nh \\le 2\\log_2(n+1)\n$$"));
    }

    [Fact]
    public void attachments_are_inlined_and_heading_ids_are_unique_on_the_page()
    {
        var r = new MarkdownRenderer();
        var attachments = new JsonObject { ["tree.png"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" } };
        Assert.Equal("<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"tree\"></p>\n", r.Render("![tree](attachment:tree.png)", attachments));
        r.Render("## Setup");
        r.Render("## Setup");
        Assert.Equal(new[] { "setup", "setup-1" }, r.Headings.Select(h => h.Id));
    }
}
