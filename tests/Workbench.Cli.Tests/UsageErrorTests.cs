// Bad usage is exit 2 with one clear line naming the command and the problem, then where help is; never a stack trace.
namespace Workbench.Cli.Tests;

public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("bench")]
    [InlineData("bench lookup --counting sometimes")]
    [InlineData("bench fault --pages 0")]
    [InlineData("bench replay --check never")]
    [InlineData("replay")]
    [InlineData("replay --bogus x.scn")]
    [InlineData("replay --seed minus-one x.scn")]
    [InlineData("fuzz --calls 10 --seconds 1")]
    [InlineData("fuzz --calls none")]
    [InlineData("run")]
    [InlineData("run x.ipynb --workers 0")]
    [InlineData("run x.ipynb --memory-limit 1K")]
    [InlineData("run x.ipynb --timeout=soon")]
    [InlineData("run x.ipynb -p seed")]
    [InlineData("run x.ipynb --cwd /no/such/folder")]
    [InlineData("sweep")]
    [InlineData("sweep x.ipynb --shard 2/2")]
    [InlineData("sweep x.ipynb --shard=one")]
    [InlineData("sweep x.ipynb --bogus")]
    [InlineData("sweep merge /tmp")]
    public void bad_usage_exits_2_with_a_message_and_no_stack_trace(string line)
    {
        var r = CliRunner.Run(line.Length == 0 ? [] : line.Split(' '));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("workbench", r.Stderr);
        Assert.Contains("--help' for the options.", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void the_message_names_the_bad_value()
    {
        var r = CliRunner.Run("replay", "--seed=minus-one", "x.scn");
        Assert.Contains("workbench replay: --seed 'minus-one' is not an unsigned 64-bit number", r.Stderr);
    }
}
