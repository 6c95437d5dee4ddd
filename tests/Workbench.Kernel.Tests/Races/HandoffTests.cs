// How the interleaver hands the run between OS threads (Sched/Handoff): futex with its threads kept on one core, or
// SemaphoreSlim. Either kind must leave every run exactly as it is (the same outcomes, counts and shortest
// schedules), and the thread that asked for a run gets its own cores back.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Tests.Scenarios;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Races;

public class HandoffTests
{
    [Fact]
    public void the_futex_system_call_answers_on_linux_x64_and_arm64()
    {
        bool expected = OperatingSystem.IsLinux() &&
            System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is
                System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64;
        Assert.Equal(expected, Handoff.FutexAvailable);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void a_handoff_passes_the_run_back_and_forth_between_two_os_threads_without_losing_a_release(bool futex)
    {
        var ping = new Handoff(futex);
        var pong = new Handoff(futex);
        Assert.Equal(futex && Handoff.FutexAvailable, ping.IsFutex);
        const int rounds = 20_000;
        int count = 0;
        var other = new Thread(() =>
        {
            for (int i = 0; i < rounds; i++) { ping.Wait(); count++; pong.Release(); }
        });
        other.Start();
        for (int i = 0; i < rounds; i++) { ping.Release(); pong.Wait(); }
        other.Join();
        Assert.Equal(rounds, count);
    }

    [Fact]
    public async Task PingPong_hands_the_run_both_ways_as_an_interleaver_would_and_gives_the_caller_its_cores_back()
    {
        var run = Task.Run(() => { var before = CpuPin.Get(); var result = Interleaver.PingPong(1000); return (result, before, CpuPin.Get()); });
        var ((handoffs, kind), before, after) = await run.WaitAsync(TimeSpan.FromSeconds(60)); // a hang fails, not blocks
        Assert.Equal(2000, handoffs);
        Assert.Equal(Handoff.Chosen ? "futex" : "SemaphoreSlim", kind);
        Assert.Equal(before, after); // the thread that called it has its cores back
    }

    static string Outcomes(ExploreResult r) =>
        string.Join("\n", r.Outcomes.Select(o => $"{o.Count} {o.Schedule} {o.Failure} {o.Key}")) + $"\nruns={r.Runs} pruned={r.Pruned}";

    [Fact]
    public void the_explorer_finds_the_same_outcomes_and_schedules_whether_threads_hand_off_by_futex_or_by_SemaphoreSlim()
    {
        var script = Script.Parse(System.IO.File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "datasets", "races", "three_threads.scn")),
            "datasets/races/three_threads.scn");
        string Run(bool futex, string strategy)
        {
            Handoff.UseFutexHere = futex;
            try { return Outcomes(Explorer.Run(script, new ExploreOptions { Strategy = strategy, Budget = 3000 })); }
            finally { Handoff.UseFutexHere = null; }
        }
        foreach (var strategy in new[] { "dpor", "random", "pct" })
            Assert.Equal(Run(false, strategy), Run(true, strategy));
    }

    static int Cores(byte[] mask) => mask.Sum(b => System.Numerics.BitOperations.PopCount(b));

    [Fact]
    public void on_several_cores_a_run_keeps_every_modelled_thread_on_one_core_and_gives_the_caller_its_cores_back()
    {
        if (!CpuPin.Available) return; // one core (nothing to pin), or not Linux
        var before = CpuPin.Get()!;
        var m = CensusCheckAttribute.Track(new Machine());
        var t1 = m.FindLwp(1)!;
        var t2 = m.FindLwp((int)m.Enter(t1, new SysProto.LwpCreateArgs()).Value)!;
        var seen = new List<byte[]>();
        using (var il = new Interleaver())
        {
            var threads = new[] { t1, t2 }.Select(td => new ModelThread(td, [() =>
            {
                lock (seen) seen.Add(CpuPin.Get()!);
                m.MayBlock("test: a switch point");
                lock (seen) seen.Add(CpuPin.Get()!);
            }])).ToList();
            Assert.Equal(RunEnd.Completed, il.Run(m, threads, new RandomStrategy(7)));
        }
        Assert.Equal(4, seen.Count);
        Assert.All(seen, mask => Assert.Equal(1, Cores(mask)));
        Assert.Single(seen.Select(Convert.ToHexString).Distinct());
        Assert.Equal(before, CpuPin.Get());
        Assert.True(Shutdown.ExitAll(m).IsEmpty);
    }

    [Fact]
    public void the_allowed_cores_are_those_of_the_affinity_mask_that_proc_self_status_lists()
    {
        if (!OperatingSystem.IsLinux()) { Assert.Equal(0, CpuPin.AllowedCores); return; }
        // "Cpus_allowed_list:\t0-1,4": ranges and single cores (a CPU quota does not change it; ProcessorCount it does).
        var list = System.IO.File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            .Split(':')[1].Trim();
        int count = list.Split(',').Sum(r => r.Split('-') is [var a, var b] ? int.Parse(b) - int.Parse(a) + 1 : 1);
        Assert.Equal(count, CpuPin.AllowedCores);
        Assert.Equal(count > 1, CpuPin.Available);
    }

    [Fact]
    public void a_new_interleaver_takes_the_allowed_core_with_the_fewest_interleavers_and_stays_where_it_is_on_a_tie()
    {
        var allowed = CpuPin.One(0);
        allowed[0] |= 1 << 1 | 1 << 3; // cores 0, 1 and 3
        var users = new int[8];
        Assert.Equal(1, CpuPin.Pick(allowed, here: 1, users));
        Assert.Equal(0, CpuPin.Pick(allowed, here: 2, users)); // core 2 is not allowed: the lowest
        users[1] = 1;
        Assert.Equal(0, CpuPin.Pick(allowed, here: 1, users));
        users[0] = 1;
        Assert.Equal(3, CpuPin.Pick(allowed, here: 1, users));
        users[3] = 1;
        Assert.Equal(1, CpuPin.Pick(allowed, here: 1, users));
    }

    [Fact]
    public void an_interleaver_with_futex_handoffs_on_several_cores_has_a_core_and_one_with_SemaphoreSlim_has_none()
    {
        if (!CpuPin.Available) return; // one core (nothing to pin), or not Linux
        using (var pinned = new Interleaver()) Assert.True(pinned.Cpu >= 0);
        Handoff.UseFutexHere = false;
        try
        {
            using var free = new Interleaver();
            Assert.Equal(-1, free.Cpu);
        }
        finally { Handoff.UseFutexHere = null; }
    }
}
