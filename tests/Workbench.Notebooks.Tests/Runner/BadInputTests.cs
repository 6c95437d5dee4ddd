// Bad input is exit 2 before anything runs, with a message naming the file (and the cell where there is one).
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class BadInputTests(Workers workers)
{
    [Fact]
    public async Task a_malformed_notebook_exits_2_naming_the_file_and_runs_nothing()
    {
        var run = await Cli.RunAsync(workers, "outputs.ipynb", "malformed.ipynb");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{Paths.Fixture("malformed.ipynb")}: malformed JSON (line ", run.Stderr);
        Assert.False(File.Exists(run.Ipynb("outputs")), "a notebook ran although the input was bad");
    }

    [Fact]
    public async Task a_missing_file_exits_2_naming_it()
    {
        var run = await Cli.RunAsync(workers, Path.Combine(Paths.Fixtures, "no-such.ipynb"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("no-such.ipynb: no such file", run.Stderr);
    }

    [Fact]
    public async Task a_python_notebook_exits_2_as_unsupported_kernel()
    {
        var run = await Cli.RunAsync(workers, "python.ipynb");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("python.ipynb: unsupported kernel 'python3'", run.Stderr);
    }

    [Fact]
    public async Task an_fsharp_cell_exits_2_naming_the_cell()
    {
        var run = await Cli.RunAsync(workers, "fsharp-cell.ipynb");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("fsharp-cell.ipynb: cell 1: unsupported kernel 'fsharp'", run.Stderr);
    }

    [Theory]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "soon")]
    [InlineData("--workers", "0")]
    [InlineData("--bogus", "x")]
    [InlineData("-p", "novalue")]
    public async Task a_bad_option_exits_2(string option, string value)
    {
        var run = await Cli.RunAsync(workers, "raises.ipynb", option, value);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("usage: workbench run", run.Stderr);
    }
}
