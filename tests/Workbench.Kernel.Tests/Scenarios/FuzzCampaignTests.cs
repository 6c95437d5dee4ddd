// `workbench fuzz` without the CLI: its options, the delta-debugging shrinker on artificial failures, what counts as
// the same failure, mutations that the parser reads back, and a short deterministic campaign.
using Workbench.Kernel.Kern;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

public class FuzzCampaignTests
{
    [Fact]
    public void options_default_to_a_million_calls_from_seed_1_on_the_datasets()
    {
        var o = FuzzOptions.Parse([], out var error, out bool help)!;
        Assert.Null(error);
        Assert.False(help);
        Assert.Equal((1_000_000L, (double?)null, 1UL, "datasets/scenarios", "datasets/regressions"), (o.Calls, o.Seconds, o.Seed, o.Corpus, o.Regressions));
    }

    [Fact]
    public void options_take_calls_or_seconds_a_hex_seed_and_folders()
    {
        var o = FuzzOptions.Parse(["--seconds", "2.5", "--seed", "0x10", "--corpus", "c", "--regressions", "r", "--quiet"], out _, out _)!;
        Assert.Equal(((long?)null, (double?)2.5, 16UL, "c", "r", true), (o.Calls, o.Seconds, o.Seed, o.Corpus, o.Regressions, o.Quiet));
        Assert.Equal(1_000L, FuzzOptions.Parse(["--calls", "1_000"], out _, out _)!.Calls);
        Assert.True(FuzzOptions.Parse(["--help"], out _, out bool help) is not null && help);
    }

    [Theory]
    [InlineData("--calls", "fuzz: --calls needs a value")]
    [InlineData("--calls 0", "fuzz: --calls '0' is not a whole number above 0")]
    [InlineData("--calls -5", "fuzz: --calls '-5' is not a whole number above 0")]
    [InlineData("--seconds x", "fuzz: --seconds 'x' is not a number of seconds above 0")]
    [InlineData("--seed 18446744073709551616", "fuzz: --seed '18446744073709551616' is not an unsigned 64-bit number (decimal or 0x hex)")]
    [InlineData("--calls 5 --seconds 5", "fuzz: give --calls or --seconds, not both")]
    [InlineData("--bogus", "fuzz: unknown option '--bogus'")]
    public void bad_options_are_refused_with_a_sentence(string args, string message)
    {
        Assert.Null(FuzzOptions.Parse(args.Split(' '), out var error, out _));
        Assert.Equal(message, error);
    }

    [Fact]
    public void shrinker_finds_the_three_lines_an_artificial_failure_needs_in_order()
    {
        var lines = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).ToList();
        int calls = 0;
        bool Fails(IReadOnlyList<string> l)
        {
            calls++;
            int c = l.ToList().IndexOf("c"), q = l.ToList().IndexOf("q"), x = l.ToList().IndexOf("x");
            return c >= 0 && q > c && x > q;
        }
        Assert.Equal(["c", "q", "x"], Shrinker.Shrink(lines, Fails));
        Assert.True(calls < 200, $"{calls} predicate calls");
    }

    [Fact]
    public void shrinker_stops_at_its_test_budget_with_a_list_that_still_fails()
    {
        var lines = Enumerable.Range(0, 100).Select(i => i.ToString()).ToList();
        var shrunk = Shrinker.Shrink(lines, l => l.Count >= 10 && l.Contains("42"), maxTests: 5);
        Assert.Contains("42", shrunk);
        Assert.True(shrunk.Count >= 10 && shrunk.Count < 100);
    }

    [Fact]
    public void minimising_moves_lines_to_thread_1_so_the_forks_they_needed_can_go()
    {
        // "[pid 3] b" can only run while "[pid 2] fork()" made thread 3; on thread 1 it needs nothing.
        static bool Fails(IReadOnlyList<string> l) => l.Contains("[pid 1] a()") &&
            (l.Contains("[pid 1] b()") || (l.Contains("[pid 3] b()") && l.Contains("[pid 2] fork()")));
        var lines = new[] { "[pid 1] a()", "[pid 1] c()", "[pid 2] fork()", "[pid 2] d()", "[pid 3] b()" };
        Assert.Equal(new[] { "[pid 1] a()", "[pid 1] b()" }, FuzzCampaign.Minimise(lines, Fails));
    }

    [Fact]
    public void a_failure_is_the_same_on_other_lines_ids_and_wordings_of_the_check()
    {
        Assert.Equal(FuzzCampaign.Signature("a.scn:12: invariant broken after this event: ve(id=0x1000, refs=1) refs=1 instead of 0 (LWPs running in it)"),
                     FuzzCampaign.Signature("event 99: invariant broken: ve(id=0x2000, refs=2) refs=2 instead of 1 (LWPs running in it)"));
        Assert.Equal(FuzzCampaign.Signature("every process exited but census: procs=0 vmspaces=1"),
                     FuzzCampaign.Signature("x.scn:3: invariant broken after this event: all processes exited but something is left: census: procs=0"));
        Assert.NotEqual(FuzzCampaign.Signature("event 1: vmspace_entry_delete: refs != 0"), FuzzCampaign.Signature("event 1: vmspace_free: freed twice"));
        Assert.Equal("vmspace_entry_delete-refs", FuzzCampaign.Slug("s.scn:4: vmspace_entry_delete: refs != 0"));
    }

    [Fact]
    public void shrinking_a_replayed_failure_keeps_only_the_lines_it_needs()
    {
        // An artificial failure on real replays: "the tree holds 0x2000 at the end" needs two of the eight lines.
        var lines = new List<string>
        {
            "sysctl(\"vm.vkernel_enable\", 1)", "vmspace_create(0x1000, 0, 0)", "vmspace_create(0x3000, 0, 0)",
            "vmspace_create(0x2000, 0, 0)", "vmspace_destroy(0x1000)", "vmspace_destroy(0x3000)", "mmap(0, 0x1000, 3, 0x1002, -1, 0)",
            "vmspace_create(0x4000, 0, 0)",
        };
        bool Holds(IReadOnlyList<string> l)
        {
            try
            {
                var r = Replayer.Run(Script.Parse(string.Join('\n', l), "s.scn"), new ReplayOptions { Retain = false });
                return r.Error is null && r.Machine.Procs[1].p_vkernel?.root.RB_FIND(0x2000) is not null;
            }
            catch (ScriptException) { return false; }
        }
        Assert.Equal(["sysctl(\"vm.vkernel_enable\", 1)", "vmspace_create(0x2000, 0, 0)"], Shrinker.Shrink(lines, Holds));
    }

    [Fact]
    public void mutated_corpus_scripts_render_to_lines_the_parser_reads_back_unchanged()
    {
        var corpus = ScenarioFiles.Names().Select(ScenarioFiles.Load).ToList();
        var rng = new SplitMix64(5);
        for (int k = 0; k < 200; k++)
        {
            var events = FuzzCampaign.Mutate(rng, corpus[k % corpus.Count].Events);
            var text = string.Join('\n', events.Select(FuzzCampaign.Render));
            var back = Script.Parse(text, "m.scn").Events;
            Assert.Equal(events.Select(e => (e.Call.Name, e.Thread, e.Bind)), back.Select(e => (e.Call.Name, e.Thread, e.Bind)));
            Assert.Equal(events.SelectMany(e => e.Args), back.SelectMany(e => e.Args));
        }
    }

    [Fact]
    public void a_campaign_with_a_time_budget_stops_and_reports_what_it_ran()
    {
        var r = FuzzCampaign.Run(new FuzzOptions { Seconds = 1, Corpus = "no/such/folder", Regressions = Path.Combine(Path.GetTempPath(), "wb-fuzz-none") },
                                 note: n => Assert.Equal("fuzz: no corpus folder no/such/folder; the generator alone runs", n));
        Assert.True(r.Calls > 0 && r.Programs > 0 && r.Seconds >= 1 && r.CorpusFiles == 0, $"{r}");
    }

    [Fact]
    public void a_short_campaign_calls_every_row_of_the_table_finds_nothing_and_counts_the_same_twice()
    {
        var o = new FuzzOptions { Calls = 30_000, Seed = 7, Corpus = ScenarioFiles.Dir, Regressions = Path.Combine(Path.GetTempPath(), "wb-fuzz-none") };
        var a = FuzzCampaign.Run(o);
        var b = FuzzCampaign.Run(o);
        Assert.Empty(a.Findings);
        Assert.Equal(0, a.Failures);
        Assert.True(a.Calls >= 30_000 && a.CorpusFiles > 0);
        Assert.Equal((a.Calls, a.Programs), (b.Calls, b.Programs));
        var seen = new HashSet<string>();
        for (ulong s = 1; s <= 40; s++)
            foreach (var line in Fuzzer.Run(s, 200, exitAll: true, hostile: true, script: true).Script.Split('\n'))
                if (line.IndexOf('(') is > 0 and var open) seen.Add(line[(line.IndexOf(']') + 2)..open]);
        Assert.Empty(Sysent.All.Select(e => e.Name).Except(seen));
    }
}
