// The strace -c summary: calls, errors, errors by errno and per-call costs, most frequent first, then a total.
using Workbench.Analysis;
using Workbench.Analysis.Experiments;

namespace Workbench.Analysis.Tests.Files;

public class StraceSummaryTests
{
    [Fact]
    public void summary_counts_calls_errors_and_errors_by_errno_with_a_total_row()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.VmspaceCreate(v.Td, 0x1000);   // EEXIST
        v.M.VmspaceDestroy(v.Td, 0x2000);  // ENOENT
        v.M.VmspaceDestroy(v.Td, 0x3000);  // ENOENT
        v.Run(v.Td, 0x1000);                // EJUSTRETURN: not an error
        var s = StraceSummary.Build(v.Rec.ToDataFrame());
        var call = FrameColumns.Strings(s, "call");
        int Row(string name) => Array.IndexOf(call, name);
        Assert.Equal(2L, s["calls"][Row("vmspace_create")]);
        Assert.Equal(1L, s["errors"][Row("vmspace_create")]);
        Assert.Equal("EEXIST=1", s["errors_by_errno"][Row("vmspace_create")]);
        Assert.Equal("ENOENT=2", s["errors_by_errno"][Row("vmspace_destroy")]);
        Assert.Equal(0L, s["errors"][Row("vmspace_ctl")]);
        Assert.Null(s["errors_by_errno"][Row("vmspace_ctl")]);
        Assert.Equal(StraceSummary.TotalRow, call[^1]);
        Assert.Equal(7L, s["calls"][call.Length - 1]);
        Assert.Equal("ENOENT=2 EEXIST=1", s["errors_by_errno"][call.Length - 1]);
        Assert.Equal(100.0, s["pct_calls"][call.Length - 1]);
    }

    [Fact]
    public void summary_rows_are_ordered_by_calls_then_name_and_text_lines_up()
    {
        var run = RefcountLifecycle.Run(1);
        var s = StraceSummary.Build(run.Trace.ToDataFrame());
        var calls = FrameColumns.Longs(s, "calls")[..^1];
        Assert.Equal(calls.OrderByDescending(c => c), calls);
        var text = StraceSummary.ToText(s);
        Assert.Contains("vmspace_destroy", text);
        Assert.Contains("EBUSY=6", text);
        Assert.Equal(FrameColumns.Strings(s, "call").Length + 2, text.TrimEnd('\n').Split('\n').Length);
    }
}
