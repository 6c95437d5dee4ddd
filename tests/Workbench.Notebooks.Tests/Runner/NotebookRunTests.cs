// NotebookRun: a notebook or .dib run in-process with parameters, its variables read back typed, more code run in its kernel.
using Workbench.Notebooks.Testing;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class NotebookRunTests
{
    [Fact]
    public async Task parameters_from_an_anonymous_object_reach_the_notebook_typed()
    {
        await using var run = await NotebookRun.StartAsync(Paths.Fixture("parameters.ipynb"), new { seed = 42, scale = 0.25, verbose = true, label = "typed" });
        Assert.Equal(42, run.Get<int>("seed"));
        Assert.Equal(0.25, run.Get<double>("scale"));
        Assert.True(run.Get<bool>("verbose"));
        Assert.Equal("typed", run.Get<string>("label"));
        Assert.Equal("typed/43", await run.EvaluateAsync<string>("label + \"/\" + (seed + 1)"));
    }

    [Fact]
    public async Task a_dib_runs_in_its_folder_and_extra_code_sees_what_it_imported()
    {
        var cwd = Directory.GetCurrentDirectory();
        await using (var run = await NotebookRun.StartAsync(Paths.Fixture("sample.dib")))
        {
            Assert.Equal("hello, tests", await run.EvaluateAsync<string>("Greet(\"tests\")"));
            Assert.Contains(run.Document.Cells, c => c.Outputs.Any(o => o.Text == "data from the fixtures folder\n"));
        }
        Assert.Equal(cwd, Directory.GetCurrentDirectory()); // restored on dispose
    }

    [Fact]
    public async Task a_failing_cell_throws_naming_file_and_cell()
    {
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRun.StartAsync(Paths.Fixture("failing.ipynb")));
        Assert.Contains("failing.ipynb: cell 3: ", e.Message);
        Assert.Contains("cell failed on purpose", e.Message);
    }

    [Fact]
    public async Task an_undeclared_parameter_is_bad_input()
    {
        var e = await Assert.ThrowsAsync<NotebookInputException>(() => NotebookRun.StartAsync(Paths.Fixture("parameters.ipynb"), new { nope = 1 }));
        Assert.Contains("unknown parameter 'nope'", e.Message);
    }
}
