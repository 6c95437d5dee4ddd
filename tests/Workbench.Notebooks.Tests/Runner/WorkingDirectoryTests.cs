// --cwd: the kernels' working directory (papermill's --cwd) instead of the notebook's own folder.
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class WorkingDirectoryTests(Workers workers)
{
    [Fact]
    public async Task cwd_makes_relative_files_and_imports_resolve_in_that_folder()
    {
        var dir = Paths.NewTempDir();
        File.Copy(Paths.Fixture("helpers.dib"), Path.Combine(dir, "helpers.dib"));
        File.WriteAllText(Path.Combine(dir, "data.txt"), "data from the --cwd folder\n");
        var run = await Cli.RunAsync(workers, "sample.dib", "--cwd", dir);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("data from the --cwd folder\n", Cli.OutputText(run.Notebook("sample"), "cell-4"));
    }

    [Fact]
    public async Task without_cwd_the_notebook_folder_is_the_working_directory()
    {
        var run = await Cli.RunAsync(workers, "sample.dib");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("data from the fixtures folder\n", Cli.OutputText(run.Notebook("sample"), "cell-4"));
    }
}
