// Replayer.RunStreamed: a file replayed as it is read, keeping neither events nor trace (memory independent of the
// script's length), prints the same lines as the retained replay, and a bad line stops it after the lines before ran.
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

public class ReplayStreamTests
{
    [Theory]
    [MemberData(nameof(ScenarioFiles.All), MemberType = typeof(ScenarioFiles))]
    public void a_streamed_replay_prints_the_lines_of_the_retained_one_and_keeps_none(string name)
    {
        var path = Path.Combine(ScenarioFiles.Dir, name + ".scn");
        var lines = new List<string>();
        var streamed = Replayer.RunStreamed(path, new ReplayOptions { Retain = false }, lines.Add);
        var retained = Replayer.RunFile(path);
        Assert.Equal(retained.Trace.TrimEnd('\n').Split('\n'), lines);
        Assert.Equal((retained.ExitCode, (long)retained.Events.Count), (streamed.ExitCode, streamed.EventCount));
        Assert.Empty(streamed.Events);
        Assert.Equal("", streamed.Trace);
    }

    [Fact]
    public void a_bad_line_stops_a_streamed_replay_there_after_the_lines_before_it_ran()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wb-stream-{Environment.ProcessId}.scn");
        File.WriteAllText(path, "sysctl(\"vm.vkernel_enable\", 1) = 0\nvmspace_create(0x1000, 0, 0) = 0\nvmspace_create(0x1000, 0\n");
        try
        {
            var lines = new List<string>();
            var r = Replayer.RunStreamed(path, new ReplayOptions { Retain = false }, lines.Add);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal(2, r.EventCount);
            Assert.Equal($"{path}:3: missing ')'", r.Error!.Message);
            Assert.Contains("census: procs=1 lwps=1 vkernels=1 vmspaces=1", lines[^1]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void a_streamed_replay_of_a_directory_or_a_missing_file_names_it()
    {
        Assert.Equal($"{ScenarioFiles.Dir}:0: is a directory, not a scenario file",
            Assert.Throws<ScriptException>(() => Replayer.RunStreamed(ScenarioFiles.Dir)).Message);
        Assert.Equal("no/such.scn:0: no such file", Assert.Throws<ScriptException>(() => Replayer.RunStreamed("no/such.scn")).Message);
    }
}
