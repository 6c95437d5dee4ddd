// The per-cell output cap (OutputCollector): order kept, streams joined, the rest dropped behind one marker.
using Workbench.Notebooks.Engine;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Tests.Runner;

public sealed class OutputCollectorTests
{
    [Fact]
    public void output_under_the_cap_is_kept_whole_and_a_stream_written_in_pieces_is_one_output()
    {
        var c = new OutputCollector(100);
        c.Stream("stdout", "a");
        c.Stream("stdout", "b");
        c.Values(CellOutput.ExecuteResult, [KeyValuePair.Create("text/plain", "42")]);
        var outputs = c.Build();
        Assert.False(c.Truncated);
        Assert.Equal(["stream", "execute_result"], outputs.Select(o => o.OutputType));
        Assert.Equal("ab", outputs[0].Text);
    }

    [Fact]
    public void output_over_the_cap_is_cut_and_ends_with_one_output_truncated_marker()
    {
        var c = new OutputCollector(10);
        for (int i = 0; i < 1000; i++) c.Stream("stdout", "0123456789\n");
        c.Values(CellOutput.DisplayData, [KeyValuePair.Create("text/html", "<b>x</b>"), KeyValuePair.Create("text/plain", "x")]);
        c.Error(CellOutput.Failure("Exception", new string('e', 50), ["tb"]));
        var outputs = c.Build();
        Assert.True(c.Truncated);
        Assert.Equal("0123456789", outputs[0].Text);
        Assert.Equal(CellOutput.Error, outputs[1].OutputType);                 // the failure is always kept
        Assert.Equal(10, outputs[1].ErrorValue!.Length);
        Assert.StartsWith("\n" + OutputCollector.TruncatedMarker + " the cell wrote more than 10 characters", outputs[^1].Text);
        Assert.Contains("10,999 were dropped", outputs[^1].Text);
    }
}
