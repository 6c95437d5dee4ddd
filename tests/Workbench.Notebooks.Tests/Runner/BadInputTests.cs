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

    [Fact]
    public async Task an_unreadable_notebook_exits_2_naming_it_and_the_reason()
    {
        // /proc/self/mem exists but cannot be read at offset 0 (EIO), even by root.
        var link = Path.Combine(Paths.NewTempDir(), "unreadable.ipynb");
        File.CreateSymbolicLink(link, "/proc/self/mem");
        var run = await Cli.RunAsync(workers, link);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{link}: cannot read: ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void a_directory_given_as_a_notebook_file_is_not_called_missing()
    {
        var dir = Paths.NewTempDir();
        var e = Assert.Throws<NotebookInputException>(() => Workbench.Notebooks.Formats.NotebookLoader.Load(dir));
        Assert.Equal($"{dir}: is a directory, not a notebook", e.Message);
    }

    [Fact]
    public async Task an_unwritable_output_folder_exits_2_naming_it_before_anything_runs()
    {
        var file = Path.Combine(Paths.NewTempDir(), "a-file");
        File.WriteAllText(file, "");
        var run = await Cli.RunAsync(workers, "raises.ipynb", "--output", Path.Combine(file, "out"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"workbench run: --output {Path.Combine(file, "out")}: cannot write there: ", run.Stderr);
        Assert.Equal("", run.Stdout);
        var asFile = await Cli.RunAsync(workers, "raises.ipynb", "--output", file);
        Assert.True(asFile.ExitCode == 2, asFile.ToString());
        Assert.Contains($"--output {file}: is a file, not a folder", asFile.Stderr);
    }

    [Fact]
    public async Task a_junit_path_naming_a_directory_exits_2_before_anything_runs()
    {
        var dir = Paths.NewTempDir();
        var run = await Cli.RunAsync(workers, "raises.ipynb", "--junit", dir);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"workbench run: --junit {dir}: is a directory, not a file", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("--memory-limit", "1K")]
    [InlineData("--memory-limit", "lots")]
    [InlineData("--max-output", "0")]
    [InlineData("--max-output", "99999999999999999999G")]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "soon")]
    [InlineData("--workers", "0")]
    [InlineData("--bogus", "x")]
    [InlineData("-p", "novalue")]
    public async Task a_bad_option_exits_2(string option, string value)
    {
        var run = await Cli.RunAsync(workers, "raises.ipynb", option, value);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Run 'workbench run --help' for the options.", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // a message, never a stack trace
    }
}
