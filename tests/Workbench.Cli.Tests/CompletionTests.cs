// Shell completion: System.CommandLine's [suggest:POSITION] "LINE" directive, which dotnet-suggest and the README's
// bash snippet call.
namespace Workbench.Cli.Tests;

public sealed class CompletionTests
{
    [Theory]
    [InlineData("run --wo", "--workers")]
    [InlineData("run --prep", "--prepare-only")]
    [InlineData("rep", "replay")]
    [InlineData("bench ", "lookup")]
    [InlineData("bench replay --check ", "incremental")]
    public void suggest_directive_completes_commands_options_and_choices(string line, string expected)
    {
        var r = CliRunner.Run($"[suggest:{line.Length}]", line);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(expected, r.Stdout.Split('\n'));
    }
}
