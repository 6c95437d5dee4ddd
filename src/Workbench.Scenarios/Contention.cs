// Spec §7 A1 as numbers: K vkernel CPUs (LWPs), each entering its own vmspace and invalidating a page in it over and
// over (vmspace_ctl RUN, a guest system call back, vmspace_mcontrol MADV_INVAL), run in lockstep (round robin: every
// runnable CPU takes one step per round; a CPU waiting for a token or lock sits the round out). Counted per call:
// token acquisitions that found the token held by another CPU, and sleeps; and the lookups (vkernel_find_vmspace)
// completed per 1000 rounds, the model's throughput. The seed serialises on mp_token and vkp->token, a86ce0cd on
// vkp->token, the 2017 final design takes no token on a cache hit.
using System.Globalization;
using System.Text;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Vkernel.Designs;

namespace Workbench.Scenarios;

/// <summary>One measurement: a design at K CPUs.</summary>
public sealed record ContentionRow(string Kernel, int Cpus, int Calls, int Lookups, long Rounds, int TokenWaits, int Sleeps)
{
    public double TokenWaitsPerCall => Calls == 0 ? 0 : (double)TokenWaits / Calls;
    public double SleepsPerCall => Calls == 0 ? 0 : (double)Sleeps / Calls;
    /// <summary>Lookups completed per 1000 rounds (a round: one step of every runnable CPU).</summary>
    public double LookupsPer1000Rounds => Rounds == 0 ? 0 : 1000.0 * Lookups / Rounds;
}

/// <summary>The A1 experiment.</summary>
public static class Contention
{
    /// <summary>The script: <paramref name="cpus"/> LWPs, each with its own vmspace, <paramref name="iterations"/> times
    /// RUN + guest syscall + MADV_INVAL.</summary>
    public static string Script(int cpus, int iterations)
    {
        var sb = new StringBuilder();
        void L(string s) => sb.Append(s).Append('\n');
        L("sysctl(\"vm.vkernel_enable\", 1) = 0");
        L(string.Create(CultureInfo.InvariantCulture, $"r0 = mmap(0, 0x{0x2000 * cpus:x}, PROT_READ|PROT_WRITE, MAP_ANON|MAP_PRIVATE, -1, 0) = ?"));
        for (int i = 0; i < cpus; i++)
        {
            L(string.Create(CultureInfo.InvariantCulture, $"vmspace_create(0x{0x1000 * (i + 1):x}, 0, 0) = 0"));
            L(string.Create(CultureInfo.InvariantCulture, $"vmspace_mmap(0x{0x1000 * (i + 1):x}, 0, 0x10000, PROT_READ|PROT_WRITE, MAP_ANON|MAP_FIXED, -1, 0) = 0"));
        }
        for (int i = 1; i < cpus; i++) L("[pid 1] r" + i.ToString(CultureInfo.InvariantCulture) + " = lwp_create() = ?");
        L("parallel {");
        for (int n = 0; n < iterations; n++)
            for (int i = 0; i < cpus; i++)
            {
                string who = i == 0 ? "1" : "r" + i.ToString(CultureInfo.InvariantCulture);
                string id = "0x" + (0x1000 * (i + 1)).ToString("x", CultureInfo.InvariantCulture);
                string tf = "r0+0x" + (0x2000 * i).ToString("x", CultureInfo.InvariantCulture);
                string vf = "r0+0x" + (0x2000 * i + 0x1000).ToString("x", CultureInfo.InvariantCulture);
                L($"  [pid {who}] vmspace_ctl({id}, VMSPACE_CTL_RUN, {tf}, {vf}) = EJUSTRETURN");
                L($"  [pid {who}] guest_trap(T_FAST_SYSCALL) = 0");
                L($"  [pid {who}] vmspace_mcontrol({id}, 0, 0x1000, MADV_INVAL, 0) = 0");
            }
        L("}");
        return sb.ToString();
    }

    /// <summary>Runs the experiment for one design and CPU count. Deterministic (round robin; no seed involved).</summary>
    public static ContentionRow Run(KernelDesign kernel, int cpus, int iterations = 20)
    {
        var script = Scenarios.Script.Parse(Script(cpus, iterations), $"contention-{cpus}.scn");
        var counter = new Counter();
        long rounds = 0;
        int last = int.MaxValue;
        using var interleaver = new Interleaver { KeepSteps = true };
        interleaver.OnStep = step =>
        {
            if (step.Tid <= last) rounds++; // the cyclic order wrapped (or one CPU ran alone): a new round
            last = step.Tid;
        };
        var r = Replayer.Run(script, new ReplayOptions
        {
            Kernel = kernel, Strategy = new RoundRobinStrategy(), Interleaver = interleaver, Observers = [counter],
            Retain = false, FormatText = false,
        });
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"contention experiment on {kernel.Name} with {cpus} CPUs failed: {r.ModelFailure ?? r.Error?.Message ?? string.Join("; ", r.Mismatches)}");
        return new ContentionRow(kernel.Name, cpus, counter.Calls, counter.Lookups, rounds, counter.TokenWaits, counter.Sleeps);
    }

    /// <summary>Counts the parallel block's vmspace calls and what they waited for.</summary>
    sealed class Counter : ISyscallObserver
    {
        public int Calls, Lookups, TokenWaits, Sleeps;
        bool _inBlock;

        public void OnEnter(Machine m, CallRecord call)
        {
            // The block starts with the first RUN; the set-up's calls are not counted.
            if (call.Sysent.No == Sysno.vmspace_ctl) _inBlock = true;
        }

        public void OnExit(Machine m, CallRecord call)
        {
            if (!_inBlock || call.Sysent.Kind == CallKind.Guest) return;
            Calls++;
            if (call.Sysent.No is Sysno.vmspace_ctl or Sysno.vmspace_mcontrol) Lookups++;
            TokenWaits += call.TokenContentions;
            Sleeps += call.Sleeps;
        }
    }
}
