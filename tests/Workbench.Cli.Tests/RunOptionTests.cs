// `workbench run` options that need no worker: --prepare-only writes the parametrised notebook, so -p in both
// spellings, -f JSON/YAML, --opt=value and --cwd can be checked by what it writes. Running with them is covered in
// tests/Workbench.Notebooks.Tests (same parser: RunCommandLine).
using System.Text.Json.Nodes;

namespace Workbench.Cli.Tests;

public sealed class RunOptionTests
{
    static (CliResult Result, string Dir) Prepare(params string[] extra)
    {
        var dir = CliRunner.NewTempDir();
        var r = CliRunner.Run(["run", CliRunner.Fixture("parameters.ipynb"), "--prepare-only", "--output", dir, .. extra]);
        return (r, dir);
    }

    static string Injected(string dir)
    {
        var nb = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "parameters.ipynb")))!;
        var cell = nb["cells"]!.AsArray().Single(c => (string?)c!["id"] == "injected-parameters")!;
        return string.Concat(cell["source"]!.AsArray().Select(l => (string?)l));
    }

    [Fact]
    public void prepare_only_writes_the_parametrised_notebook_and_runs_nothing()
    {
        var (r, dir) = Prepare("-p", "seed=42");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("int seed = 42;", Injected(dir));
        Assert.False(File.Exists(Path.Combine(dir, "parameters.html")), "--prepare-only must not run the notebook");
        var nb = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "parameters.ipynb")))!;
        Assert.All(nb["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code"), c => Assert.Empty(c!["outputs"]!.AsArray()));
    }

    [Theory]
    [InlineData("-p", "seed=42")]
    [InlineData("-p", "seed", "42")]
    [InlineData("--parameter", "seed", "42")]
    [InlineData("--parameter=seed=42")]
    [InlineData("-p", "seed=7", "-p", "seed", "42")]
    public void papermill_parameter_spellings_all_set_the_value(params string[] option)
    {
        var (r, dir) = Prepare(option);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("int seed = 42;", Injected(dir));
    }

    [Fact]
    public void a_negative_value_after_the_name_is_a_value_not_an_option()
    {
        var (r, dir) = Prepare("-p", "seed", "-3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("int seed = -3;", Injected(dir));
    }

    [Theory]
    [InlineData("params.json", "{ \"seed\": 42, \"label\": \"from a file\", \"verbose\": true, \"scale\": 0.25 }")]
    [InlineData("params.yaml", "seed: 42\nlabel: from a file\nverbose: true\nscale: 0.25\n")]
    [InlineData("params.yml", "# a comment\nseed: 42\nlabel: \"from a file\"\nverbose: true\nscale: 0.25\n")]
    public void parameters_file_in_json_or_yaml_sets_every_value(string name, string text)
    {
        var file = Path.Combine(CliRunner.NewTempDir(), name);
        File.WriteAllText(file, text);
        var (r, dir) = Prepare("-f", file);
        Assert.True(r.ExitCode == 0, r.ToString());
        var injected = Injected(dir);
        Assert.Contains("int seed = 42;", injected);
        Assert.Contains("string label = \"from a file\";", injected);
        Assert.Contains("bool verbose = true;", injected);
        Assert.Contains("double scale = 0.25d;", injected);
    }

    [Fact]
    public void a_p_beside_the_parameters_file_wins()
    {
        var file = Path.Combine(CliRunner.NewTempDir(), "p.yaml");
        File.WriteAllText(file, "seed: 1\n");
        var (r, dir) = Prepare("--parameters-file=" + file, "-p", "seed", "42");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("int seed = 42;", Injected(dir));
    }

    [Theory]
    [InlineData("bad.yaml", "seed: 1\nlabel: [unclosed\n", ":3")]
    [InlineData("bad.json", "{\n  \"seed\": 1,\n  oops\n}", ":3")]
    [InlineData("list.yaml", "seed:\n  - 1\n  - 2\n", ":2")]
    public void a_bad_parameters_file_is_exit_2_naming_file_and_line(string name, string text, string line)
    {
        var file = Path.Combine(CliRunner.NewTempDir(), name);
        File.WriteAllText(file, text);
        var (r, _) = Prepare("-f", file);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(file + line + ": ", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void a_parameter_of_the_wrong_type_is_exit_2_naming_the_cell()
    {
        var (r, _) = Prepare("-p", "seed", "many");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("parameters.ipynb: cell 2: parameter 'seed' is int; 'many' is not a valid int", r.Stderr);
    }

    [Fact]
    public void output_and_o_and_equals_forms_are_the_same_option()
    {
        var a = CliRunner.NewTempDir();
        var b = CliRunner.NewTempDir();
        Assert.Equal(0, CliRunner.Run("run", CliRunner.Fixture("parameters.ipynb"), "--prepare-only", "-o", a).ExitCode);
        Assert.Equal(0, CliRunner.Run("run", CliRunner.Fixture("parameters.ipynb"), "--prepare-only", $"--output={b}").ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "parameters.ipynb")), File.ReadAllText(Path.Combine(b, "parameters.ipynb")));
    }

    [Fact]
    public void cwd_accepts_an_existing_folder()
    {
        var (r, _) = Prepare("--cwd", CliRunner.NewTempDir());
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}

public sealed class SweepOptionTests
{
    [Theory]
    [InlineData("-p", "seed=5..1", "-p seed=5..1: a range A..B[..STEP] needs A <= B and STEP > 0")]
    [InlineData("-p", "nope=1,2", "unknown parameter 'nope'")]
    public void a_bad_grid_is_exit_2_before_anything_runs(string option, string value, string message)
    {
        var dir = CliRunner.NewTempDir();
        var r = CliRunner.Run("sweep", CliRunner.Fixture("parameters.ipynb"), option, value, "--output", dir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")), "nothing may run");
    }

    [Fact]
    public void merge_of_a_folder_that_is_not_a_sweep_is_exit_2_naming_the_file()
    {
        var dir = CliRunner.NewTempDir();
        var r = CliRunner.Run("sweep", "merge", dir, $"--output={CliRunner.NewTempDir()}");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(Path.Combine(dir, "sweep.json") + ": no such file", r.Stderr);
    }
}
