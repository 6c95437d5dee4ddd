// ToDataFrame: typed columns in schema order, one value per row.
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Analysis.Workload;

namespace Workbench.Analysis.Tests.Recorder;

public class DataFrameTests
{
    [Fact]
    public void to_dataframe_has_every_schema_column_with_its_type_and_one_value_per_row()
    {
        var run = VkernelWorkload.Run(new WorkloadOptions { Steps = 500 });
        var df = run.Recorder!.ToDataFrame();
        Assert.Equal(TraceSchema.Names, df.Columns.Select(c => c.Name));
        foreach (var c in TraceSchema.Columns)
        {
            Assert.True(c.Type == df[c.Name].DataType, $"column {c.Name}: {df[c.Name].DataType.Name} instead of {c.Type.Name}");
            Assert.Equal(run.Recorder.Count, df[c.Name].Length);
        }
        Assert.Equal(run.Events, df.Rows.Count);
        Assert.IsType<ArrowStringDataFrameColumn>(df["call"]);
    }

    [Fact]
    public void the_dataframe_is_a_copy_that_later_rows_do_not_change()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        var df = v.Rec.ToDataFrame();
        long rows = df.Rows.Count;
        v.Rec.Clear();
        v.M.VmspaceDestroy(v.Td, 0x1000);
        Assert.Equal(rows, df.Rows.Count);
        Assert.Equal("vmspace_create", df["call"][rows - 1]);
        Assert.Equal(1, v.Rec.Count);
    }

    [Fact]
    public void rows_staged_across_block_boundaries_land_in_order_in_every_column()
    {
        var v = new Vkernel();
        int n = 2 * TraceBuffers.StageRows + 37;
        for (int i = 0; i < n; i++) v.M.VmspaceDestroy(v.Td, (ulong)i); // ENOENT (no vkp yet: EINVAL)
        var df = v.Rec.ToDataFrame();
        var seq = FrameColumns.Longs(df, "seq");
        var arg0 = FrameColumns.Longs(df, "arg0");
        Assert.Equal(Enumerable.Range(1, n + 2).Select(x => (long)x), seq);
        Assert.Equal(Enumerable.Range(0, n).Select(x => (long)x), arg0[2..]);
        Assert.All(FrameColumns.Strings(df, "errno")[2..], e => Assert.Equal("EINVAL", e));
        for (int i = 0; i < v.Rec.Count; i++) Assert.Equal(i < 2 ? 0 : 22, v.Rec.Rows.ErrorAt(i));
    }
}
