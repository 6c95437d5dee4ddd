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
}
