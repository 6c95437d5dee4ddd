// Workbench.Lab: deterministic DataFrame renderings.
using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Lab.Tests.Lab;

[Collection(GlobalStateCollection.Name)]
public sealed class DataFrameTablesTests
{
    static DataFrame Sample(int rows = 3) => new(
        new Int64DataFrameColumn("tick", Enumerable.Range(0, rows).Select(i => (long)i * 10)),
        new StringDataFrameColumn("call", Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "vmspace_mmap" : "vmspace_munmap")),
        new DoubleDataFrameColumn("ms", Enumerable.Range(0, rows).Select(i => i + 0.25)));

    [Fact]
    public void text_table_is_fixed_width_with_numbers_right_aligned()
    {
        var expected =
            "   tick  call              ms\n" +
            "-  ----  --------------  ----\n" +
            "0     0  vmspace_mmap    0.25\n" +
            "1    10  vmspace_munmap  1.25\n" +
            "2    20  vmspace_mmap    2.25\n" +
            "(3 rows × 3 columns)\n";
        Assert.Equal(expected, DataFrameTables.ToText(Sample()));
    }

    [Fact]
    public void html_table_has_no_ids_and_is_byte_identical_across_renders()
    {
        var a = DataFrameTables.ToHtml(Sample());
        var b = DataFrameTables.ToHtml(Sample());
        Assert.Equal(a, b);
        Assert.DoesNotContain(" id=", a);
        Assert.StartsWith("<table class=\"workbench-dataframe\">", a);
        Assert.Contains("<th class=\"num\" title=\"Int64\">tick</th><th title=\"String\">call</th><th class=\"num\" title=\"Double\">ms</th>", a);
        Assert.Contains("<tr><td class=\"num\">1</td><td class=\"num\">10</td><td>vmspace_munmap</td><td class=\"num\">1.25</td></tr>", a);
    }

    [Fact]
    public void numbers_are_culture_invariant()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Contains("0.25", DataFrameTables.ToHtml(Sample()));
            Assert.Contains("0.25", DataFrameTables.ToText(Sample()));
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void missing_values_are_empty_muted_cells_in_html_and_null_in_text_and_html_is_encoded()
    {
        var df = new DataFrame(new StringDataFrameColumn("s", new[] { "<a&b>", null }), new DoubleDataFrameColumn("d", new double?[] { null, 1 }));
        var html = DataFrameTables.ToHtml(df);
        Assert.Contains("<td>&lt;a&amp;b&gt;</td>", html);
        Assert.Contains("<td class=\"null\"></td>", html);
        Assert.DoesNotContain(">null<", html);
        Assert.Contains("null", DataFrameTables.ToText(df));
    }

    [Fact]
    public void long_frames_show_max_rows_and_say_how_many_were_left_out()
    {
        var saved = DataFrameTables.MaxRows;
        try
        {
            DataFrameTables.MaxRows = 2;
            var text = DataFrameTables.ToText(Sample(5));
            Assert.EndsWith("… 3 more rows (5 rows × 3 columns)\n", text);
            Assert.Equal(2 + 2 + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("<p class=\"more-rows\">… 3 more rows (5 rows × 3 columns)</p>", DataFrameTables.ToHtml(Sample(5)));
        }
        finally { DataFrameTables.MaxRows = saved; }
    }

    [Fact]
    public void a_single_column_renders_as_a_one_column_table()
    {
        var df = Sample();
        Assert.Equal(
            "     ms\n-  ----\n0  0.25\n1  1.25\n2  2.25\n(3 rows × 1 columns)\n",
            DataFrameTables.ToText(df["ms"]));
        Assert.Contains("<th class=\"num\" title=\"Double\">ms</th>", DataFrameTables.ToHtml(df["ms"]));
        Assert.Equal(3, df.Columns.Count);
    }
}
