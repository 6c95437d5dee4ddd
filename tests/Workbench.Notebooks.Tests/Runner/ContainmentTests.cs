// Hostile notebooks are contained: time (with every process a cell started, setsid daemons included), memory,
// output size and stack depth are bounded, each reported by name; nothing a cell prints reaches the protocol.
using Workbench.Notebooks.Engine;
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Tests.Support;
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class ContainmentTests(Workers workers)
{
    [Fact]
    public async Task a_child_process_printing_without_a_newline_is_not_a_false_timeout()
    {
        var run = await Cli.RunAsync(workers, "child-printf.ipynb", "--timeout", "20");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("still running", Cli.OutputText(run.Notebook("child-printf"), "after"));
    }

    [Fact]
    public async Task a_setsid_grandchild_is_killed_with_the_worker_when_the_cell_times_out()
    {
        var pidFile = Path.Combine(Paths.NewTempDir(), "daemon.pid");
        // 10 s: the cells before the loop may be the first of a fresh worker, 1.5-3.5 s on a loaded 2-core machine.
        var run = await Cli.RunAsync(workers, "orphan.ipynb", "--timeout", "10", "-p", $"pidFile={pidFile}");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("orphan.ipynb: cell 3: the cell did not finish within 10 s", run.Stderr);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // Dead: gone, or a zombie waiting for a parent that reaps (a container's init may not). A SIGKILL takes effect
        // when the kernel next schedules the process: on a busy machine that can be a moment after the run ends.
        var stat = ProcessTree.ReadStat(pid);
        for (var until = DateTime.UtcNow.AddSeconds(5); stat is { State: not 'Z' } && DateTime.UtcNow < until; stat = ProcessTree.ReadStat(pid))
            await Task.Delay(100);
        Assert.True(stat is null || stat.Value.State == 'Z', $"the setsid daemon {pid} survived the timeout: state {stat?.State}");
    }

    [Fact]
    public async Task a_memory_bomb_is_stopped_at_the_memory_limit_and_reported_as_such_naming_the_cell()
    {
        using var pool = new WorkerPool(Workers.StartInfo with { MemoryLimitBytes = 256L << 20 }, 1);
        var run = await Cli.RunOnAsync(pool, "memory-bomb.ipynb", "--timeout", "60", "--memory-limit", "256M");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("memory-bomb.ipynb: cell 2: memory limit exceeded: the cell needed more than the worker's 256 MiB", run.Stderr);
        Assert.DoesNotContain("never", Cli.OutputText(run.Notebook("memory-bomb"), "never"));
        Assert.Contains("before the bomb", Cli.OutputText(run.Notebook("memory-bomb"), "before"));
    }

    [Fact]
    public async Task an_output_bomb_is_cut_at_max_output_with_a_visible_marker_and_the_next_cell_runs()
    {
        var run = await Cli.RunAsync(workers, "output-bomb.ipynb", "--max-output", "1K", "--timeout", "60");
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = Cli.OutputText(run.Notebook("output-bomb"), "bomb");
        Assert.Contains(OutputCollector.TruncatedMarker + " the cell wrote more than 1,024 characters (--max-output)", text);
        Assert.True(text.Length < 1024 + 300, $"{text.Length} characters kept");
        Assert.True(new FileInfo(run.Ipynb("output-bomb")).Length < 64 * 1024, "the .ipynb holds the dropped output");
        Assert.Contains(OutputCollector.TruncatedMarker, File.ReadAllText(run.Html("output-bomb")));
        Assert.Contains("the next cell runs", Cli.OutputText(run.Notebook("output-bomb"), "after"));
    }

    [Fact]
    public async Task a_stack_overflow_is_named_as_such_without_the_runtime_frames()
    {
        var run = await Cli.RunAsync(workers, "stack-overflow.ipynb", "--timeout", "60");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("stack-overflow.ipynb: cell 1: stack overflow", run.Stderr);
        Assert.DoesNotContain("134", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("StackOverflow", (string?)run.Notebook("stack-overflow")["cells"]![0]!["outputs"]![0]!["ename"]);
    }

    [Fact]
    public async Task the_html_of_an_earlier_run_is_deleted_when_a_run_starts_so_ipynb_and_html_always_come_from_one_run()
    {
        var dir = Paths.NewTempDir();
        var html = Path.Combine(dir, "outputs.html");
        File.WriteAllText(html, "stale page of an earlier run");
        var seen = new List<bool>();
        var runner = new NotebookRunner(workers.Pool, new RunSettings { OutputDirectory = dir }, (_, _) => seen.Add(File.Exists(html)));
        var result = await runner.RunAsync(Workbench.Notebooks.Formats.NotebookLoader.Load(Paths.Fixture("outputs.ipynb")));
        Assert.Equal(NotebookStatus.Passed, result.Status);
        Assert.NotEmpty(seen);
        Assert.All(seen, exists => Assert.False(exists, "the stale page was still there while the notebook ran"));
        Assert.DoesNotContain("stale page", File.ReadAllText(html));
    }
}
