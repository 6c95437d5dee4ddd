// A replayed scenario recorded through the one observation path: the rows a recorder copies from the dispatch
// point agree with the replay's own strace-style trace, and carry the same schema as a workload's trace.
using Workbench.Analysis;
using Workbench.Analysis.Workload;
using Workbench.Kernel.Kern;
using Workbench.Scenarios;
using Xunit;

namespace Workbench.Analysis.Tests.Recorder;

public class ReplayRecordingTests
{
    static string Scenario(string name) =>
        Path.Combine(AppContext.BaseDirectory, "../../../../../datasets/scenarios", name + ".scn");

    [Theory]
    [InlineData("refs_ebusy_lifecycle")]
    [InlineData("fault_walk_am")]
    [InlineData("vmspace_mmap")]
    public void a_replayed_scenarios_rows_match_its_text_trace_line_for_line(string name)
    {
        var recorder = new SyscallRecorder(seed: 1);
        var result = Replayer.RunFile(Scenario(name), new ReplayOptions { Observers = [recorder] });
        Assert.Equal(0, result.ExitCode);
        var df = recorder.ToDataFrame();
        // User accesses (poke/peek) are not kernel entries: the trace shows them, the dispatch point does not observe them.
        var events = result.Events.Where(e => Sysent.Find(e.Call)!.Kind != CallKind.User).ToList();
        Assert.Equal(events.Count, (int)df.Rows.Count);
        for (int r = 0; r < events.Count; r++)
        {
            var e = events[r];
            var entry = Sysent.Find(e.Call)!;
            string where = $"{name}: row {r} ({e.Text})";
            Assert.True(e.Seq == (long)df["seq"][r], where);
            Assert.True(e.Tid == (int)df["tid"][r] && e.Pid == (int)df["pid"][r], where);
            Assert.True(e.Call == (string)df["call"][r], where);
            Assert.True(e.Result.Value == (long)df["result"][r], where);
            Assert.True((e.Result.Error > 0 ? Workbench.Kernel.Sys.Errno.Name(e.Result.Error) : null) == (string?)df["errno"][r], where);
            Assert.True(TraceSchema.ResultKind(e.Result.Error) == (string)df["result_kind"][r], where);
            Assert.True(e.Tokens.Count == (int)df["tokens"][r] && e.Blocks.Count == (int)df["blocks"][r], where);
            // The argument columns are the call's words in the table's slots: formatting them gives the trace's text.
            var text = entry.Visible.Select(a => a.Slot < 0
                ? Symbols.Format(ArgFormat.Str, 0, (string?)df["path"][r])
                : Symbols.Format(a.Format, (long)df["arg" + a.Slot][r])).Take(ArgCount(e)).ToArray();
            Assert.True(string.Join(", ", text) == e.Args, $"{where}: args {string.Join(", ", text)}");
        }
    }

    /// <summary>How many arguments the script line wrote (optional trailing ones may be left out).</summary>
    static int ArgCount(TraceEvent e) => e.Args.Length == 0 ? 0 : SplitArgs(e.Args);

    static int SplitArgs(string args)
    {
        int n = 1, depth = 0;
        bool quoted = false;
        foreach (char c in args)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')') depth--;
            else if (!quoted && depth == 0 && c == ',') n++;
        }
        return n;
    }

    [Fact]
    public void replay_arrow_files_have_the_schema_a_workload_trace_has()
    {
        string dir = Directory.CreateTempSubdirectory("wb-replay-").FullName;
        try
        {
            var replayed = new SyscallRecorder(seed: 1);
            Replayer.RunFile(Scenario("vkernel_boot"), new ReplayOptions { Observers = [replayed] });
            replayed.WriteArrow(Path.Combine(dir, "replay.arrow"));
            var run = VkernelWorkload.Run(new WorkloadOptions { Seed = 1, Steps = 200 }, record: true);
            run.Recorder!.WriteArrow(Path.Combine(dir, "workload.arrow"));

            var a = ArrowFiles.Read(Path.Combine(dir, "replay.arrow"), out var metaA);
            var b = ArrowFiles.Read(Path.Combine(dir, "workload.arrow"), out var metaB);
            Assert.Equal(b.Columns.Select(c => (c.Name, c.DataType)), a.Columns.Select(c => (c.Name, c.DataType)));
            Assert.Equal(TraceSchema.Names, a.Columns.Select(c => c.Name));
            Assert.Equal(metaB[TraceSchema.ModelKey], metaA[TraceSchema.ModelKey]);
            Assert.Equal("1", metaA[TraceSchema.SeedKey]);
            Assert.True(a.Rows.Count > 0);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
