// explore and replay's concurrency options through the parser: the documented exit codes, the replay command a
// failure prints reproducing it, schedules and kernel names checked before anything runs.
namespace Workbench.Cli.Tests;

public sealed class ExploreTests
{
    [Fact]
    public void explore_exits_0_without_a_failure_and_lists_every_outcome_with_its_shortest_schedule()
    {
        var r = CliRunner.Run("explore", "-q", CliRunner.Repo("datasets/races/b4_destroy_ebusy.scn"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("complete (every schedule within the bound)", r.Stdout);
        Assert.Contains("line 10: vmspace_destroy = -1 EBUSY (Device busy)", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void explore_exits_1_on_a_failure_and_its_reproduce_command_replays_it()
    {
        var scn = CliRunner.Repo("datasets/races/c1_cache_hit_during_destroy.scn");
        var r = CliRunner.Run("explore", "--quiet", "--first", "--kernel=d95d5e03", scn);
        Assert.True(r.ExitCode == 1, r.ToString());
        var reproduce = r.Stdout.Split('\n').First(l => l.TrimStart().StartsWith("reproduce: workbench replay ", StringComparison.Ordinal));
        var schedule = reproduce[(reproduce.IndexOf("--schedule \"", StringComparison.Ordinal) + 12)..].TrimEnd().TrimEnd('"');
        var replay = CliRunner.Run("replay", "--kernel", "d95d5e03", "--schedule", schedule, scn);
        Assert.True(replay.ExitCode == 3, replay.ToString()); // the model failed, as the explorer said
        Assert.Contains($"# schedule \"{schedule}\"", replay.Stdout);
    }

    [Fact]
    public void explore_prints_progress_on_stderr_unless_quiet()
    {
        var r = CliRunner.Run("explore", "--strategy", "random", "--budget=3000", CliRunner.Repo("datasets/races/three_threads.scn"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("explore: runs=", r.Stderr);
        Assert.Contains("sampled", r.Stdout);
    }

    [Theory]
    [InlineData("--kernel", "nope", "--kernel 'nope' is not a design")]
    [InlineData("--strategy", "bfs", "bfs")]
    [InlineData("--preemptions", "-1", "--preemptions must be 0 or more")]
    [InlineData("--seconds", "0", "--seconds must be positive")]
    public void explore_rejects_a_bad_option_with_exit_2_naming_it(string option, string value, string message)
    {
        var r = CliRunner.Run("explore", option, value, CliRunner.Repo("datasets/races/b4_destroy_ebusy.scn"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void explore_of_a_script_without_a_parallel_block_is_exit_2()
    {
        var r = CliRunner.Run("explore", CliRunner.Repo("datasets/scenarios/vmspace_create.scn"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no parallel block", r.Stderr);
    }

    [Fact]
    public void replay_schedule_and_schedule_seed_options_choose_the_interleaving_and_the_trace_records_it()
    {
        var scn = CliRunner.Repo("datasets/races/b4_destroy_ebusy.scn");
        var busy = CliRunner.Run("replay", "--schedule=1*2.2*3.1", scn);
        Assert.True(busy.ExitCode == 0, busy.ToString());
        Assert.Contains("[pid 1] <... vmspace_destroy resumed>) = -1 EBUSY (Device busy)", busy.Stdout);
        var seeded = CliRunner.Run("replay", "--schedule-seed", "5", scn);
        Assert.Equal(seeded.Stdout, CliRunner.Run("replay", "--schedule-seed=5", scn).Stdout);
        Assert.Contains("# schedule \"", seeded.Stdout);
        var bad = CliRunner.Run("replay", "--schedule", "2*x", scn);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("bad schedule item '2*x'", bad.Stderr);
    }

    [Fact]
    public void replay_kernel_names_the_design_in_the_trace_header()
    {
        var r = CliRunner.Run("replay", "--kernel", "2013", CliRunner.Repo("datasets/races/b4_destroy_ebusy.scn"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("# replay ", r.Stdout);
        Assert.Contains(" kernel=a86ce0cd", r.Stdout.Split('\n')[0]);
    }
}
