// "workbench run" end to end on fixture notebooks: exit codes, messages naming file and cell, partial outputs,
// hard timeouts, crashes, .dib files, and that the next notebook still runs after a killed one.
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed partial class RunCommandTests(Workers workers)
{
    [Fact]
    public async Task a_passing_notebook_exits_0_and_writes_ipynb_and_html()
    {
        var run = await Cli.RunAsync(workers, "outputs.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(run.Ipynb("outputs")), run.ToString());
        Assert.True(File.Exists(run.Html("outputs")), run.ToString());
        Assert.Matches(@"\[outputs\] cell 1/6 ok \d+\.\d\ds \(cell 2\)", run.Stderr);
        Assert.Matches(@"outputs\s+6/6\s+\d+\.\d\d\s+passed", run.Stdout);
    }

    [Fact]
    public async Task a_failing_cell_exits_1_names_file_and_cell_and_the_executed_notebook_keeps_every_cell_that_ran()
    {
        var run = await Cli.RunAsync(workers, "failing.ipynb");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{Paths.Fixture("failing.ipynb")}: cell 3: ", run.Stderr);
        Assert.Contains("cell failed on purpose", run.Stderr);
        Assert.Contains("failed at cell 3", run.Stdout);
        var nb = run.Notebook("failing");
        Assert.Equal("cell one ran\n", Cli.OutputText(nb, "one"));
        Assert.StartsWith("cell two ran\ncell failed on purpose", Cli.OutputText(nb, "two"));
        var three = nb["cells"]![3]!;
        Assert.Null((int?)three["execution_count"]);
        Assert.Empty(three["outputs"]!.AsArray());
        Assert.Equal(2, (int?)nb["cells"]![2]!["execution_count"]);
        Assert.Equal("InvalidOperationException", (string?)nb["cells"]![2]!["outputs"]![1]!["ename"]);
    }

    [Fact]
    public async Task a_compile_error_fails_the_cell_with_its_CS_code()
    {
        var run = await Cli.RunAsync(workers, "compile-error.ipynb");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("compile-error.ipynb: cell 1: (1,9): error CS0029", run.Stderr);
        Assert.Equal("CompilationError", (string?)run.Notebook("compile-error")["cells"]![0]!["outputs"]![0]!["ename"]);
    }

    [Fact]
    public async Task allow_errors_runs_on_after_a_failing_cell_and_exits_0()
    {
        var run = await Cli.RunAsync(workers, "failing.ipynb", "--allow-errors");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("cell three must not run\n", Cli.OutputText(run.Notebook("failing"), "three"));
        Assert.Contains("failed (allowed)", run.Stderr);
    }

    [Fact]
    public async Task a_cell_tagged_raises_exception_may_fail()
    {
        var run = await Cli.RunAsync(workers, "raises.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("ran after the expected failure\n", Cli.OutputText(run.Notebook("raises"), "after"));
    }

    [Fact]
    public async Task a_runaway_cell_is_killed_at_its_timeout_and_the_next_notebook_still_runs()
    {
        var started = workers.Pool.WorkersStarted;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // 10 s, for every cell of both notebooks: the first cell of a fresh worker (outputs.ipynb runs on one) takes
        // 1.5-3.5 s on a loaded 2-core machine, and more at a load average of 5.
        var run = await Cli.RunAsync(workers, "runaway.ipynb", "outputs.ipynb", "--timeout", "10");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed} instead of about 10 s + a worker start");
        Assert.Contains("runaway.ipynb: cell 2: the cell did not finish within 10 s; its worker process was killed", run.Stderr);
        Assert.Matches(@"runaway\s+2/3\s+\d+\.\d\d\s+timedout at cell 2", run.Stdout);
        Assert.Matches(@"outputs\s+6/6\s+\d+\.\d\d\s+passed", run.Stdout);
        Assert.Equal("before the loop\n", Cli.OutputText(run.Notebook("runaway"), "before"));
        Assert.Equal("CellTimeoutError", (string?)run.Notebook("runaway")["cells"]![1]!["outputs"]![0]!["ename"]);
        Assert.True(workers.Pool.WorkersStarted > started, "the killed worker was not replaced");
    }

    [Fact]
    public async Task a_crashing_worker_is_reported_and_the_next_notebook_still_runs()
    {
        var run = await Cli.RunAsync(workers, "crash.ipynb", "raises.ipynb");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("crash.ipynb: cell 2: the worker process exited with code 3", run.Stderr);
        Assert.Matches(@"crash\s+2/2\s+\d+\.\d\d\s+crashed at cell 2", run.Stdout);
        Assert.Matches(@"raises\s+2/2\s+\d+\.\d\d\s+passed", run.Stdout);
    }

    [Fact]
    public async Task a_dib_notebook_runs_with_import_and_its_folder_as_working_directory()
    {
        var run = await Cli.RunAsync(workers, "sample.dib");
        Assert.True(run.ExitCode == 0, run.ToString());
        var nb = run.Notebook("sample");
        var cells = nb["cells"]!.AsArray();
        Assert.Equal(["markdown", "code", "code", "code"], cells.Select(c => (string?)c!["cell_type"]));
        Assert.Equal("hello, dib", Cli.OutputText(nb, "cell-3"));
        Assert.Equal("data from the fixtures folder\n", Cli.OutputText(nb, "cell-4"));
    }

    [Fact]
    public async Task a_nuget_package_loads_its_interactive_extension_formatter()
    {
        var run = await Cli.RunAsync(workers, "dataframe.dib");
        Assert.True(run.ExitCode == 0, run.ToString());
        var table = NotebookTable().Match(File.ReadAllText(run.Ipynb("dataframe")));
        Assert.True(table.Success, "no DataFrame table: the package extension loader did not register the formatter");
        Assert.Equal("table_1", table.Groups[1].Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<table id=\\\\\"(table_\\d+)\\\\\"><thead><tr><th><i>index</i></th><th>id</th><th>name</th>")]
    private static partial System.Text.RegularExpressions.Regex NotebookTable();

    [Fact]
    public async Task a_notebook_that_loads_a_local_library_gets_its_worker_retired_and_one_that_does_not_keeps_it()
    {
        //  notebook             loads                              worker afterwards
        //  local-lib.ipynb      lib/Local.dll (outside the worker)  retired: its statics must not leak
        //  raises.ipynb         nothing local                      kept warm
        var dir = Paths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "plotly", "Plotly.NET.dll.bin"), Path.Combine(dir, "lib", "Local.dll"));
        File.Copy(Paths.Fixture("raises.ipynb"), Path.Combine(dir, "raises.ipynb"));
        var nb = File.ReadAllText(Paths.Fixture("raises.ipynb")).Replace("throw new ArgumentException(\\\"expected failure\\\");",
            "System.Reflection.Assembly.LoadFrom(Path.GetFullPath(\\\"lib/Local.dll\\\")).GetName().Name");
        File.WriteAllText(Path.Combine(dir, "local-lib.ipynb"), nb);

        var before = workers.Pool.WorkersStarted;
        var run = await Cli.RunAsync(workers, Path.Combine(dir, "raises.ipynb"), Path.Combine(dir, "local-lib.ipynb"), Path.Combine(dir, "raises.ipynb"));
        Assert.True(run.ExitCode == 2, "the same name twice is bad input: " + run);

        run = await Cli.RunAsync(workers, Path.Combine(dir, "raises.ipynb"), Path.Combine(dir, "local-lib.ipynb"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Plotly.NET", Cli.OutputText(run.Notebook("local-lib"), "expected"));
        var afterLocal = workers.Pool.WorkersStarted;
        run = await Cli.RunAsync(workers, Path.Combine(dir, "raises.ipynb"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(workers.Pool.WorkersStarted == afterLocal + 1, $"after local-lib: {afterLocal - before} workers started, then {workers.Pool.WorkersStarted - afterLocal} (expected 1: the retired worker is replaced)");
        run = await Cli.RunAsync(workers, Path.Combine(dir, "raises.ipynb"));
        Assert.True(workers.Pool.WorkersStarted == afterLocal + 1, "a notebook without local libraries must keep its worker");
    }

    [Fact]
    public async Task a_missing_workbench_library_gets_the_build_hint()
    {
        var run = await Cli.RunAsync(workers, "lab-missing.ipynb");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("CS0006", run.Stderr);
        Assert.Contains(NotebookRunner.LabNotBuiltHint, run.Stderr);
        Assert.Contains(NotebookRunner.LabNotBuiltHint, run.Stdout);
    }

    [Fact]
    public async Task junit_report_has_a_case_per_code_cell_with_the_failure_and_the_skipped_cell()
    {
        var dir = Paths.NewTempDir();
        var junit = Path.Combine(dir, "report.xml");
        var run = await Cli.RunAsync(workers, "failing.ipynb", "raises.ipynb", "--junit", junit);
        Assert.True(run.ExitCode == 1, run.ToString());
        var xml = System.Xml.Linq.XDocument.Load(junit);
        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(5, cases.Count);
        Assert.Single(xml.Descendants("failure"));
        Assert.Single(xml.Descendants("skipped"));
        Assert.Equal("5", (string?)xml.Root!.Attribute("tests"));
    }

    [Fact]
    public async Task two_workers_run_notebooks_in_parallel_and_report_them_in_input_order()
    {
        using var pool = new Workbench.Notebooks.Worker.WorkerPool(Workers.StartInfo, 2);
        var output = Paths.NewTempDir();
        var stdout = new StringWriter();
        var exit = await Workbench.Notebooks.Command.NotebookRunCommand.RunAsync(
            [Paths.Fixture("raises.ipynb"), Paths.Fixture("sample.dib"), "--output", output, "--workers", "2"],
            stdout, new StringWriter(), Workers.StartInfo, pool);
        Assert.True(exit == 0, stdout.ToString());
        Assert.True(stdout.ToString().IndexOf("raises", StringComparison.Ordinal) < stdout.ToString().IndexOf("sample", StringComparison.Ordinal));
        Assert.Equal(2, pool.WorkersStarted);
    }
}
