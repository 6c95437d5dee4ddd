// Progress on stderr: a line when each code cell starts and ends, counted the way the summary counts (code cells
// only), a heartbeat during a long cell, and --log-output streaming what a cell writes while it runs.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class ProgressTests(Workers workers)
{
    /// <summary>A notebook named <paramref name="name"/> in a fresh folder, one C# code cell per source.</summary>
    static string Notebook(string name, params string[] sources)
    {
        var cells = new JsonArray();
        cells.Add(new JsonObject { ["cell_type"] = "markdown", ["id"] = "title", ["metadata"] = new JsonObject(), ["source"] = "# progress" });
        for (int i = 0; i < sources.Length; i++)
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code", ["id"] = $"c{i + 1}", ["execution_count"] = null, ["outputs"] = new JsonArray(),
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } }, ["source"] = sources[i],
            });
        var nb = new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        var path = Path.Combine(Paths.NewTempDir(), name + ".ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    [Fact]
    public async Task every_code_cell_has_a_start_and_an_end_line_counted_as_the_summary_counts()
    {
        var run = await Cli.RunAsync(workers, "outputs.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stderr.Split('\n');
        for (int k = 1; k <= 6; k++)
        {
            var started = Array.FindIndex(lines, l => l.StartsWith($"[outputs] cell {k}/6 started (cell {k + 1})", StringComparison.Ordinal));
            var ended = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^\[outputs\] cell {k}/6 ok \d+\.\d\ds \(cell {k + 1}\)$"));
            Assert.True(started >= 0 && ended > started, $"cell {k}: start line {started}, end line {ended}\n{run}");
        }
        Assert.Matches(@"outputs\s+6/6\s", run.Stdout); // the summary's count is the progress lines' count
    }

    [Fact]
    public async Task a_long_cell_gets_heartbeats_and_heartbeat_0_turns_them_off()
    {
        var nb = Notebook("slow", "System.Threading.Thread.Sleep(3600);");
        var run = await Cli.RunAsync(workers, nb, "--heartbeat", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        // A beat a second, each naming the time it fired (rounded): at least two of them, the seconds never falling, the
        // last at 2 s or later (on a busy machine a tick can come late, so which seconds they name may vary, and two
        // may round alike).
        var beats = System.Text.RegularExpressions.Regex.Matches(run.Stderr, @"^\[slow\] cell 1/1 still running after (\d+)s \(cell 2\)$",
            System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(beats.Count >= 2 && beats[0] >= 1 && beats.Zip(beats.Skip(1)).All(p => p.Second >= p.First) && beats[^1] >= 2, run.ToString());
        var quiet = await Cli.RunAsync(workers, nb, "--heartbeat=0");
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("still running", quiet.Stderr);
    }

    [Fact]
    public async Task log_output_streams_what_a_cell_writes_while_it_is_still_running()
    {
        var nb = Notebook("chatty",
            "Console.WriteLine(\"first line\"); Console.Error.WriteLine(\"to stderr\"); System.Threading.Thread.Sleep(3600); Console.WriteLine(\"last line\");");
        var run = await Cli.RunAsync(workers, nb, "--log-output", "--heartbeat", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stderr.Split('\n').ToList();
        int first = lines.IndexOf("[chatty] stdout: first line"), err = lines.IndexOf("[chatty] stderr: to stderr");
        int last = lines.IndexOf("[chatty] stdout: last line");
        int end = lines.FindIndex(l => l.StartsWith("[chatty] cell 1/1 ok", StringComparison.Ordinal));
        // A heartbeat between the streamed lines (which second it names depends on the machine's load: a late tick
        // on a busy machine says "after 3s").
        bool beat = lines.Select((l, i) => (l, i)).Any(x => x.l.StartsWith("[chatty] cell 1/1 still running after ", StringComparison.Ordinal)
            && x.i > first && x.i > err && x.i < last);
        Assert.True(first >= 0 && err >= 0 && beat && end > last,
            $"expected first line and stderr, then a heartbeat, then the last line, then the end line\n{run}");
        // The executed notebook holds the outputs as always.
        Assert.Equal("first line\nlast line\n", Cli.OutputText(run.Notebook("chatty"), "c1").Replace("to stderr\n", ""));
    }

    [Fact]
    public async Task without_log_output_nothing_a_cell_writes_reaches_the_console()
    {
        var run = await Cli.RunAsync(workers, Notebook("hushed", "Console.WriteLine(\"only in the notebook\");"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("only in the notebook", run.Stderr + run.Stdout);
    }
}
