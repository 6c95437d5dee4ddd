// workbench sweep end to end on fixtures/sweep.ipynb (which records value, ratio, label and, for even seeds, even):
// the table's rows and types, the executed notebooks, and shards merged into the unsharded run's bytes.
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Workbench.Notebooks.Command;
using Workbench.Notebooks.Sweep;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Sweep;

[Collection(NotebookCollection.Name)]
public sealed class SweepRunTests(Workers workers)
{
    const string ExpectedCsv = """"
        run,seed,shape,status,even,label,ratio,value
        0,1,square,passed,,"square, ""1""",0.14285714285714285,1
        1,1,cube,passed,,"cube, ""1""",0.14285714285714285,1
        2,2,square,passed,true,"square, ""2""",0.5714285714285714,4
        3,2,cube,passed,true,"cube, ""2""",1.1428571428571428,8

        """";

    async Task<(int Exit, string Stdout, string Stderr)> Sweep(string output, SweepShard? shard)
    {
        var options = new RunOptions { OutputDirectory = output, Parameters = [new("seed", "1..2"), new("shape", "square,cube")] };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await NotebookSweepCommand.RunAsync(Paths.Fixture("sweep.ipynb"), options, shard, stdout, stderr, Workers.StartInfo, workers.Pool);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task a_sweep_runs_every_grid_point_and_tables_what_each_run_recorded_with_typed_arrow_columns()
    {
        var dir = Paths.NewTempDir();
        var run = await Sweep(dir, null);
        Assert.True(run.Exit == 0, $"{run.Stdout}\n{run.Stderr}");
        Assert.Equal(ExpectedCsv.Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(dir, "sweep.csv")));
        for (int i = 0; i < 4; i++) Assert.True(File.Exists(Path.Combine(dir, "runs", $"sweep-r000{i}.ipynb")));
        Assert.Contains("int seed = 2;", File.ReadAllText(Path.Combine(dir, "runs", "sweep-r0003.ipynb")));

        using var reader = new ArrowFileReader(File.OpenRead(Path.Combine(dir, "sweep.arrow")));
        var batch = reader.ReadNextRecordBatch();
        Assert.Equal(4, batch.Length);
        IArrowType Type(string name) => batch.Schema.GetFieldByName(name).DataType;
        Assert.IsType<Int64Type>(Type("value"));
        Assert.IsType<DoubleType>(Type("ratio"));
        Assert.IsType<BooleanType>(Type("even"));
        Assert.IsType<StringType>(Type("label"));
        var even = (BooleanArray)batch.Column(batch.Schema.GetFieldIndex("even"));
        Assert.True(even.IsNull(0));
        Assert.True(even.GetValue(2));
        Assert.Equal(8, ((Int64Array)batch.Column(batch.Schema.GetFieldIndex("value"))).GetValue(3));
    }

    [Fact]
    public async Task two_shards_merged_equal_the_unsharded_run_byte_for_byte_and_merge_refuses_an_incomplete_set()
    {
        var whole = Paths.NewTempDir();
        Assert.Equal(0, (await Sweep(whole, null)).Exit);
        var shard0 = Paths.NewTempDir();
        var shard1 = Paths.NewTempDir();
        Assert.Equal(0, (await Sweep(shard0, new SweepShard(0, 2))).Exit);
        Assert.Equal(0, (await Sweep(shard1, new SweepShard(1, 2))).Exit);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(shard1, "sweep.csv")).Length - 1);

        var merged = Paths.NewTempDir();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(NotebookSweepCommand.Merge([shard1, shard0], merged, stdout, stderr) == 0, stderr.ToString());
        foreach (var file in Directory.EnumerateFiles(whole, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(whole, file);
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(merged, relative))), $"{relative} differs after the merge");
        }

        stderr = new StringWriter();
        Assert.Equal(2, NotebookSweepCommand.Merge([shard0], Paths.NewTempDir(), stdout, stderr));
        Assert.Contains("2 of 4 runs missing (runs 1, 3)", stderr.ToString());
        stderr = new StringWriter();
        Assert.Equal(2, NotebookSweepCommand.Merge([shard0, shard0, shard1], Paths.NewTempDir(), stdout, stderr));
        Assert.Contains("run 0 is in more than one shard", stderr.ToString());
    }
}
