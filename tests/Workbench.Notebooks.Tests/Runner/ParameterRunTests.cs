// Parameters end to end: overrides reach the code through the injected-parameters cell and the metadata;
// an unknown name or a value of the wrong type is exit 2 before anything runs.
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class ParameterRunTests(Workers workers)
{
    [Fact]
    public async Task defaults_apply_when_no_parameter_is_given_and_no_cell_is_injected()
    {
        var run = await Cli.RunAsync(workers, "parameters.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        var nb = run.Notebook("parameters");
        Assert.Equal("seed=1 scale=0.5 verbose=False label=default big=1 count=3", Cli.OutputText(nb, "show"));
        Assert.Equal(3, nb["cells"]!.AsArray().Count);
        Assert.Null(nb["metadata"]!["workbench"]);
    }

    [Fact]
    public async Task overrides_are_injected_after_the_parameters_cell_typed_and_recorded_in_metadata()
    {
        var run = await Cli.RunAsync(workers, "parameters.ipynb",
            "-p", "seed=42", "-p", "scale=1e-3", "-p", "verbose=true", "-p", "label=a \"quoted\" = label", "-p", "big=18446744073709551615", "-p", "count=7");
        Assert.True(run.ExitCode == 0, run.ToString());
        var nb = run.Notebook("parameters");
        Assert.Equal("seed=42 scale=0.001 verbose=True label=a \"quoted\" = label big=18446744073709551615 count=7", Cli.OutputText(nb, "show"));
        var injected = nb["cells"]![2]!;
        Assert.Equal("injected-parameters", (string?)injected["id"]);
        Assert.Equal("injected-parameters", (string?)injected["metadata"]!["tags"]![0]);
        var p = nb["metadata"]!["workbench"]!["parameters"]!;
        Assert.Equal(42, (int)p["seed"]!);
        Assert.Equal(0.001, (double)p["scale"]!);
        Assert.True((bool)p["verbose"]!);
        Assert.Equal("a \"quoted\" = label", (string?)p["label"]);
        Assert.Equal(ulong.MaxValue, (ulong)p["big"]!);
    }

    [Fact]
    public async Task an_unknown_parameter_exits_2_naming_file_and_parameters_cell()
    {
        var run = await Cli.RunAsync(workers, "parameters.ipynb", "-p", "sead=3");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("parameters.ipynb: cell 2: unknown parameter 'sead' (declared: seed, scale, verbose, label, big, count)", run.Stderr);
        Assert.False(File.Exists(run.Ipynb("parameters")));
    }

    [Theory]
    [InlineData("seed=1.5", "parameter 'seed' is int; '1.5' is not a valid int")]
    [InlineData("verbose=yes", "parameter 'verbose' is bool; 'yes' is not a valid bool")]
    [InlineData("big=-1", "parameter 'big' is ulong; '-1' is not a valid ulong")]
    [InlineData("scale=half", "parameter 'scale' is double; 'half' is not a valid double")]
    public async Task a_value_of_the_wrong_type_exits_2(string assignment, string message)
    {
        var run = await Cli.RunAsync(workers, "parameters.ipynb", "-p", assignment);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("parameters.ipynb: cell 2: " + message, run.Stderr);
    }

    [Fact]
    public async Task a_parameter_for_a_notebook_without_parameters_cell_exits_2()
    {
        var run = await Cli.RunAsync(workers, "raises.ipynb", "-p", "seed=1");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("raises.ipynb: parameter 'seed' given, but the notebook has no cell tagged 'parameters'", run.Stderr);
    }
}
