// replay, fuzz and bench through the parser: --opt=value and --opt value alike, the documented exit codes.
namespace Workbench.Cli.Tests;

public sealed class ReplayFuzzBenchTests
{
    static string Scenario(string text)
    {
        var path = Path.Combine(CliRunner.NewTempDir(), "s.scn");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void replay_of_a_matching_script_is_exit_0_and_seed_equals_form_matches_the_spaced_form()
    {
        var scn = CliRunner.Repo("datasets/scenarios/vmspace_create.scn");
        var a = CliRunner.Run("replay", "--seed=7", scn);
        var b = CliRunner.Run("replay", "--seed", "7", scn);
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.Equal(a.Stdout, b.Stdout);
        Assert.Contains("census:", a.Stdout);
    }

    [Theory]
    [InlineData("vmspace_create(0x1000, 0, 0) = -1 EEXIST", 1)] // a mismatch
    [InlineData("no_such_call(1) = 0", 2)]                       // a script that cannot run
    public void replay_exit_code_tells_a_mismatch_from_a_bad_script_naming_file_and_line(string secondLine, int exit)
    {
        var scn = Scenario($"sysctl(\"vm.vkernel_enable\", 1) = 0\n{secondLine}\n");
        var r = CliRunner.Run("replay", scn);
        Assert.True(r.ExitCode == exit, r.ToString());
        Assert.Contains(scn + ":2:", r.Stderr);
    }

    [Fact]
    public void replay_summary_and_csv_options_write_their_outputs()
    {
        var csv = Path.Combine(CliRunner.NewTempDir(), "t.csv");
        var r = CliRunner.Run("replay", "--summary", $"--csv={csv}", "--no-check", CliRunner.Repo("datasets/scenarios/vmspace_create.scn"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("vmspace_create", r.Stdout);
        Assert.True(File.Exists(csv));
        Assert.StartsWith("seq,", File.ReadAllText(csv));
    }

    [Fact]
    public void replay_csv_with_two_files_is_usage_exit_2()
    {
        var scn = CliRunner.Repo("datasets/scenarios/vmspace_create.scn");
        var r = CliRunner.Run("replay", "--csv", "x.csv", scn, scn);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--csv and --arrow record one scenario file", r.Stderr);
    }

    [Fact]
    public void fuzz_with_a_small_budget_and_hex_seed_finds_nothing_and_exits_0()
    {
        var empty = CliRunner.NewTempDir();
        var r = CliRunner.Run("fuzz", "--calls=2_000", "--seed", "0x10", "--corpus", empty, $"--regressions={empty}", "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("fuzz seed=16 ", r.Stdout);
        Assert.Equal("", r.Stderr.Replace(NoCorpusNote(r.Stderr), ""));
    }

    static string NoCorpusNote(string stderr) => stderr.Split('\n').FirstOrDefault(l => l.Contains("corpus", StringComparison.OrdinalIgnoreCase)) is { Length: > 0 } l ? l + "\n" : "\0";

    [Fact]
    public void bench_lookup_takes_equals_and_spaced_values()
    {
        var r = CliRunner.Run("bench", "lookup", "--vmspaces=50", "--lookups", "1000", "--seed=0x2", "--counting", "both");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("bench lookup vmspaces=50 lookups=1000 seed=2 counting=both ", r.Stdout);
    }

    [Fact]
    public void bench_fault_and_replay_run_with_small_sizes()
    {
        var f = CliRunner.Run("bench", "fault", "--accesses=2000", "--pages", "16");
        Assert.True(f.ExitCode == 0, f.ToString());
        Assert.StartsWith("bench fault accesses=2000 seed=1 pages=16 ", f.Stdout);
        var r = CliRunner.Run("bench", "replay", "--vmspaces=20", "--check", "full");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("bench replay vmspaces=20 check=full ", r.Stdout);
    }

    [Fact]
    public void bench_explore_reports_the_exhaustive_search_and_every_measurement_of_repeated_sampling_with_their_median()
    {
        var r = CliRunner.Run("bench", "explore", "--races", CliRunner.Repo(Path.Combine("datasets", "races")), "--samples=40", "--repeat", "3", "--warmup=0", "--no-cold");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains("runs=10755 pruned=3280 outcomes=5 complete=True", lines[0]);
        foreach (var (line, strategy) in lines.Skip(1).Zip(new[] { "random", "pct" }))
        {
            Assert.StartsWith($"bench explore {strategy} runs=40 repeat=3 ", line);
            var field = (string name) => double.Parse(line.Split(' ').Single(w => w.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(field("schedules_per_sec"), field("slowest"), field("fastest"));
            var each = line.Split(' ').Single(w => w.StartsWith("each=", StringComparison.Ordinal))[5..].Split('/')
                .Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal([field("slowest"), field("schedules_per_sec"), field("fastest")], each); // the three measurements, sorted
            // Each schedule hands the run from the caller to its first thread and back at least: two context switches.
            if (OperatingSystem.IsLinux()) Assert.True(field("ctx_switches_per_schedule") >= 2, line);
        }
        // The handoff alone: its cost, and the rate each strategy's switches would allow with no model work at all.
        Assert.Matches(@"^bench explore handoff kind=(futex|SemaphoreSlim) handoffs=400000 us_per_handoff=\d+\.\d\d random_ceiling=(\d+|n/a) pct_ceiling=(\d+|n/a) load1=", lines[3]);
        if (OperatingSystem.IsLinux()) Assert.Matches(@"kind=futex .* random_ceiling=\d+ pct_ceiling=\d+ ", lines[3]);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("601")]
    public void bench_explore_rejects_a_warmup_outside_0_to_600_seconds_with_exit_2(string seconds)
    {
        var r = CliRunner.Run("bench", "explore", "--warmup", seconds, "--no-cold");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--warmup must be between 0 and 600 seconds", r.Stderr);
    }
}
