// --help and --version: the same on every command, exit 0, never running anything.
namespace Workbench.Cli.Tests;

public sealed class HelpAndVersionTests
{
    public static TheoryData<string> Commands => new() { "run", "replay", "fuzz", "bench", "bench lookup", "bench fault", "bench replay", "notebook-worker", "sweep", "sweep merge" };

    [Fact]
    public void root_help_lists_every_command_with_one_line_each()
    {
        var r = CliRunner.Run("--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var name in new[] { "run", "replay", "fuzz", "bench", "notebook-worker", "sweep" })
            Assert.Contains($"\n  {name,-16} ", r.Stdout);
        Assert.DoesNotContain("Exit codes", r.Stdout); // the details live in each command's own --help
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void every_command_answers_help_and_h_alike_ending_with_a_newline(string command)
    {
        var words = command.Split(' ');
        var longForm = CliRunner.Run([.. words, "--help"]);
        var shortForm = CliRunner.Run([.. words, "-h"]);
        Assert.True(longForm.ExitCode == 0, longForm.ToString());
        Assert.Equal(longForm.Stdout, shortForm.Stdout);
        Assert.Contains("Usage:\n", longForm.Stdout);
        var usage = longForm.Stdout.Split("Usage:\n")[1].Split('\n')[0] + " ";
        Assert.Matches(" " + string.Join(@" (<\w+> )?", words) + " ", usage); // "sweep <NOTEBOOK> merge": the parent's argument shows
        Assert.EndsWith("\n", longForm.Stdout);
        Assert.Equal("", longForm.Stderr);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void every_command_answers_version_with_the_root_version(string command)
    {
        var root = CliRunner.Run("--version");
        var r = CliRunner.Run([.. command.Split(' '), "--version"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.Stdout);
        Assert.Equal(root.Stdout, r.Stdout);
    }

    [Fact]
    public void notebook_worker_help_prints_help_and_starts_no_worker()
    {
        // A started worker without its channel would exit 2 with "WORKBENCH_WORKER_CHANNEL is not set".
        var r = CliRunner.Run("notebook-worker", "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage:", r.Stdout);
        Assert.DoesNotContain("is not set", r.Stderr);
    }

    [Fact]
    public void every_command_documents_its_exit_codes_in_help()
    {
        foreach (var command in new[] { "run", "replay", "fuzz", "sweep" })
            Assert.Contains("Exit codes: 0", CliRunner.Run(command, "--help").Stdout);
    }
}
