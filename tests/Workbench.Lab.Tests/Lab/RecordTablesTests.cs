// Workbench.Lab: lists of records and tuples format as tables with a row limit.
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Lab.Tests.Lab;

[Collection(GlobalStateCollection.Name)]
public sealed class RecordTablesTests
{
    public sealed record SetmapRow(int Step, string Action, long PageReached, string? Note);

    static List<SetmapRow> Steps(int n) => Enumerable.Range(1, n).Select(i => new SetmapRow(i, i % 2 == 0 ? "MADV_INVAL" : "MADV_SETMAP", 0x10 * i, i == 1 ? null : "ok")).ToList();

    [Fact]
    public void a_list_of_records_is_a_table_with_one_column_per_property_numbers_right_aligned()
    {
        var html = RecordTables.ToHtml(Steps(2))!;
        Assert.StartsWith("<table class=\"workbench-records\">\n<thead><tr><th class=\"num\">Step</th><th>Action</th><th class=\"num\">PageReached</th><th>Note</th></tr></thead>", html);
        Assert.Contains("<tr><td class=\"num\">1</td><td>MADV_SETMAP</td><td class=\"num\">16</td><td class=\"null\"></td></tr>", html);
        Assert.EndsWith("<p class=\"more-rows\">(2 rows × 4 columns)</p>\n", html);
    }

    [Fact]
    public void long_lists_stop_at_max_rows_and_say_how_many_more_there_are()
    {
        var saved = DataFrameTables.MaxRows;
        try
        {
            DataFrameTables.MaxRows = 3;
            Assert.EndsWith("… 7 more rows (10 rows × 4 columns)\n", RecordTables.ToText(Steps(10)));
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(RecordTables.ToHtml(Steps(10))!, "<tr><td").Count);
        }
        finally { DataFrameTables.MaxRows = saved; }
    }

    [Fact]
    public void tuples_and_anonymous_objects_are_rows_too_but_strings_and_ints_are_not()
    {
        Assert.Contains("<th>Item1</th>", RecordTables.ToHtml(new[] { ("a", 1), ("b", 2) }.ToList())!.Replace(" class=\"num\"", ""));
        Assert.Contains("<th class=\"num\">Passes</th>", RecordTables.ToHtml(new[] { new { Passes = 1, Rate = 0.5 } })!);
        Assert.Null(RecordTables.ToHtml("text"));
        Assert.Null(RecordTables.ToHtml(new List<int> { 1, 2 }));
    }

    [Fact]
    public void after_setup_the_kernel_formats_record_lists_as_tables_in_both_mime_types()
    {
        Notebook.Setup();
        Assert.Equal(RecordTables.ToHtml(Steps(2)), Steps(2).ToDisplayString("text/html"));
        Assert.Equal(RecordTables.ToText(Steps(2)), Steps(2).ToDisplayString("text/plain"));
        Assert.Equal("value\n-----\n    1\n    2\n(2 rows × 1 columns)\n", new List<int> { 1, 2 }.ToDisplayString("text/plain"));
        // Strings and other values keep their own formatting.
        Assert.Equal("findings hold", "findings hold".ToDisplayString("text/plain"));
        Assert.Contains("findings hold", "findings hold".ToDisplayString("text/html"));
    }
}
