// Every notebook in the repository's notebooks/ folder runs to the end without a failing cell. The notebooks
// check their own claims (each ends with a census cell that throws unless the kernel model is back to zero), so
// "no cell failed" is the whole assertion here.
using Workbench.Notebooks.Command;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class NotebooksFolderTests(Workers workers)
{
    /// <summary>The notebooks found in notebooks/ (.ipynb and .dib), by file name; discovered, never listed.</summary>
    public static TheoryData<string> RepositoryNotebooks()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(Paths.Notebooks))
            foreach (var f in NotebookLoader.Expand([Paths.Notebooks])) data.Add(Path.GetFileName(f));
        return data;
    }

    [NotebooksTheory]
    [MemberData(nameof(RepositoryNotebooks))]
    public async Task notebook_runs_without_a_failing_cell(string file)
    {
        var run = await Cli.RunAsync(workers, Path.Combine(Paths.Notebooks, file));
        Assert.True(run.ExitCode == NotebookRunCommand.ExitPassed, $"{file}: {run}");
        ChartBundles.AssertValid(run.Ipynb(Path.GetFileNameWithoutExtension(file)));
        // The findings cell shows what it checked (a formatter that declines a value would leave it blank).
        var nb = run.Notebook(Path.GetFileNameWithoutExtension(file));
        var findings = (string)nb["cells"]!.AsArray().Last()!["id"]!;
        Assert.StartsWith("findings hold", Cli.OutputText(nb, findings));
    }
}

/// <summary>
/// A theory that is skipped while notebooks/ holds no notebook: xunit 2 fails a theory without data, and an empty
/// folder is a legitimate state of the repository, not a failure.
/// </summary>
public sealed class NotebooksTheoryAttribute : TheoryAttribute
{
    public NotebooksTheoryAttribute()
    {
        if (!NotebooksFolderTests.RepositoryNotebooks().Cast<object[]>().Any()) Skip = "notebooks/ holds no notebook yet";
    }
}
