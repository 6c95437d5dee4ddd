// How the interleaver hands the run between OS threads (Sched/Handoff): futex on one core, SemaphoreSlim elsewhere.
// Either kind must leave every run exactly as it is: the same outcomes, counts and shortest schedules.
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
        if (futex && !Handoff.FutexAvailable) return; // the kind is never chosen where the system call is missing
        Handoff.UseFutexHere = futex;
        try
        {
            var ping = new Handoff();
            var pong = new Handoff();
            Assert.Equal(futex, ping.IsFutex);
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
        finally { Handoff.UseFutexHere = null; }
    }

    static string Outcomes(ExploreResult r) =>
        string.Join("\n", r.Outcomes.Select(o => $"{o.Count} {o.Schedule} {o.Failure} {o.Key}")) + $"\nruns={r.Runs} pruned={r.Pruned}";

    [Fact]
    public void the_explorer_finds_the_same_outcomes_and_schedules_whether_threads_hand_off_by_futex_or_by_SemaphoreSlim()
    {
        if (!Handoff.FutexAvailable) return; // Linux's system call: elsewhere only SemaphoreSlim is used
        var script = Script.Parse(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "datasets", "races", "three_threads.scn")),
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
}
