// A seeded random-scenario generator (syzkaller-style): random calls with random and hostile arguments on several
// processes and LWPs, forks, execs and exits, checking the model's invariants after every event. It writes what it
// did as a scenario script with every result as the expectation, so any failure replays with `workbench replay`.
using System.Text;
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Scenarios;

/// <summary>The outcome of one random scenario.</summary>
public sealed record FuzzResult(ulong Seed, int Events, string Script, string? Failure, Census Census);

/// <summary>Generates and runs random scenarios.</summary>
public static class Fuzzer
{
    static readonly ulong[] Ids = [0x1000, 0x2000, 0x3000, 0, 0xffff_ffff_ffff_f000, 0xffff_8000_0012_3400];
    static readonly int[] Traps = [0, Vk.T_PAGEFLT, Vk.T_PROTFLT, Vk.T_FAST_SYSCALL, Vk.T_SYSCALL80, Vk.T_DNA, Vk.T_DIVIDE];

    /// <summary>Runs <paramref name="steps"/> random events from <paramref name="seed"/>, then exits every process
    /// (when <paramref name="exitAll"/>). Never throws: a panic or broken invariant is the result's Failure.</summary>
    public static FuzzResult Run(ulong seed, int steps, bool exitAll = true) => Run(seed, steps, exitAll, hostile: false, script: true);

    /// <summary>Not a kernel function: <see cref="Run(ulong, int, bool)"/> where one step in <paramref name="hostile"/>
    /// is also any call of the table with boundary and hostile arguments (<see cref="HostileArgs"/>), and the script
    /// is only written when asked for or when the program failed (the campaign's fast path).</summary>
    internal static FuzzResult Run(ulong seed, int steps, bool exitAll, bool hostile, bool script)
    {
        var rng = new SplitMix64(seed);
        var m = new Machine(new MachineOptions { Seed = seed });
        var calls = new List<(int Tid, SysentEntry Spec, long[] Args, string? Str, SysResult R, bool Gone)>();
        int events = 0;
        var frames = new Dictionary<int, ulong>(); // pid -> two rw pages for trapframe/vextframe
        string? failure = null;
        var checker = new InvariantChecker(m);

        bool Do(Lwp td, SysentEntry spec, long[] args, string? str = null)
        {
            var req = spec.Request(args, str);
            int pid = td.lwp_proc.p_pid;
            SysResult r;
            try { r = m.Enter(td, req); }
            catch (KernelPanicException e)
            {
                failure = $"event {events + 1}: {e.Message}";
                calls.Add((td.lwp_tid, spec, args, str, default, true)); // the panicking call, as "= ?"
                return false;
            }
            events++;
            calls.Add((td.lwp_tid, spec, args, str, r, spec.No == Sysno.exit || !m.Procs.ContainsKey(pid)));
            var bad = checker.AfterCall();
            if (bad.Count > 0) { failure = $"event {events}: invariant broken: {string.Join("; ", bad)}"; return false; }
            return true;
        }

        Do(m.Init!, Sysent.Find("sysctl")!, [1], "vm.vkernel_enable");
        for (int i = 0; i < steps && failure is null && m.Procs.Count > 0; i++)
        {
            var lwps = m.Lwps.Values.ToList();
            var td = lwps[(int)rng.Below((ulong)lwps.Count)];
            if (hostile && rng.Below(4) == 0) HostileArgs.Step(m, rng, td, Do);
            else if (td.InVmspace) GuestStep(rng, td, Do);
            else Step(m, rng, td, frames, Do);
        }
        if (exitAll)
        {
            while (failure is null && m.Procs.Count > 0)
            {
                var p = m.Procs.Values.First();
                var td = p.p_lwp_tree.Values.FirstOrDefault(l => !l.InVmspace);
                if (td is null) Do(p.p_lwp_tree.Values.First(), Sysent.Find("guest_trap")!, [0]);
                else Do(td, Sysent.Find("exit")!, [0]);
            }
        }
        if (failure is null && checker.Finish() is { Count: > 0 } end) failure = $"event {events}: invariant broken (full check): {string.Join("; ", end)}";
        var census = Census.Take(m);
        if (failure is null && exitAll && !census.IsEmpty) failure = $"every process exited but {census}";
        string text = "";
        if (script || failure is not null)
        {
            var sb = new StringBuilder().Append($"# fuzz seed={seed} steps={steps}\n");
            foreach (var c in calls) sb.Append(Line(c.Tid, c.Spec, c.Args, c.Str, c.R, c.Gone)).Append('\n');
            text = sb.ToString();
        }
        return new FuzzResult(seed, events, text, failure, census);
    }

    internal delegate bool Doer(Lwp td, SysentEntry spec, long[] args, string? str = null);

    static readonly int[] Signals = [Sig.SIGIO, Sig.SIGUSR1, Sig.SIGALRM, Sig.SIGXCPU, 0, 40];

    /// <summary>One event of an emulated context: a burst of loads and stores (mostly low pages, where a fuzzed
    /// linear SETMAP or poked table can resolve them), or a trap, or a signal. A reflected fault or a trap returns
    /// the thread to its vkernel.</summary>
    static void GuestStep(SplitMix64 rng, Lwp td, Doer Do)
    {
        switch (rng.Below(6))
        {
            case 0: Do(td, Sysent.Find("guest_trap")!, [Traps[rng.Below((ulong)Traps.Length)]]); break;
            case 1: Do(td, Sysent.Find("guest_signal")!, [Signals[rng.Below((ulong)Signals.Length)]]); break;
            default:
                for (int n = (int)rng.Below(4) + 1; n > 0 && td.InVmspace; n--)
                {
                    long va = rng.Below(8) switch
                    {
                        0 => (long)rng.Below(1UL << 47),
                        1 => -0x1000,
                        _ => (long)(rng.Below(16) << 12) + (long)rng.Below(0x1000),
                    };
                    long access = rng.Below(3) switch { 0 => Mman.VM_PROT_WRITE, 1 => Mman.VM_PROT_EXECUTE, _ => Mman.VM_PROT_READ };
                    if (!Do(td, Sysent.Find("guest_access")!, [va, access])) return;
                }
                break;
        }
    }

    /// <summary>A vkernel store or load into its own memory: a vpte-like word (frame in the first pages, random
    /// V/PS/R/W/A/M bits) poked at an address that is often inside one of its mappings.</summary>
    static void UserStep(Machine m, SplitMix64 rng, Lwp td, Doer Do)
    {
        var entries = td.lwp_proc.p_vmspace.vm_map.entries;
        long va = entries.Count > 0 && rng.Below(4) != 0
            ? (long)(entries[(int)rng.Below((ulong)entries.Count)].start + (rng.Below(8) << 12) + (rng.Below(512) << 3))
            : (long)(rng.Below(64) << 12);
        if (rng.Below(4) == 0) { Do(td, Sysent.Find("peek")!, [va]); return; }
        long vpte = (long)((rng.Below(16) << 12) | rng.Below(0x80));
        Do(td, Sysent.Find("poke")!, [va, vpte]);
    }

    static void Step(Machine m, SplitMix64 rng, Lwp td, Dictionary<int, ulong> frames, Doer Do)
    {
        SysentEntry S(string n) => Sysent.Find(n)!;
        long Id() => (long)Ids[rng.Below((ulong)Ids.Length)];
        long Addr() => rng.Below(8) switch
        {
            0 => 0, 1 => (long)(rng.Below(64) << 12), 2 => (long)(rng.Below(64) << 12) + (long)rng.Below(0x1000),
            3 => -0x1000, 4 => 0x7fff_ffff_f000, 5 => (long)(0x10_0000_0000UL + (rng.Below(16) << 21)),
            _ => (long)(rng.Below(1 << 20) << 12),
        };
        long Len() => rng.Below(6) switch
        {
            0 => 0, 1 => 0x1000, 2 => (long)(rng.Below(16) + 1) << 12, 3 => (long)rng.Below(0x3000),
            4 => -1, _ => (long)(rng.Below(4) + 1) << 21,
        };
        long Prot() => (long)rng.Below(8);
        long Flags() => (rng.Below(4) == 0 ? MAP_SHARED : MAP_PRIVATE) | (rng.Below(2) == 0 ? MAP_ANON : 0)
            | (rng.Below(2) == 0 ? MAP_FIXED : 0) | (rng.Below(5) == 0 ? MAP_TRYFIXED : 0)
            | (rng.Below(3) == 0 ? MAP_VPAGETABLE : 0) | (rng.Below(12) == 0 ? MAP_STACK : 0) | (rng.Below(15) == 0 ? MAP_SIZEALIGN : 0);
        long Fd() => rng.Below(4) == 0 ? -1 : (long)rng.Below(4);
        int pid = td.lwp_proc.p_pid;

        if (rng.Below(6) == 0) { UserStep(m, rng, td, Do); return; }
        switch (rng.Below(20))
        {
            case 0 or 1: Do(td, S("vmspace_create"), [Id(), (long)rng.Below(2), 0]); break;
            case 2: Do(td, S("vmspace_destroy"), [Id()]); break;
            case 3 or 4 or 5:
                if (!frames.TryGetValue(pid, out var f))
                {
                    if (Do(td, S("mmap"), [0, 0x2000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0]) && m.LastCall!.Result.Ok)
                        frames[pid] = (ulong)m.LastCall.Result.Value;
                    break;
                }
                long tf = rng.Below(8) == 0 ? 0 : (long)f, vf = rng.Below(8) == 0 ? 0x10 : (long)f + 0x1000;
                Do(td, S("vmspace_ctl"), [Id(), rng.Below(10) == 0 ? 2 : Vk.VMSPACE_CTL_RUN, tf, vf]);
                break;
            case 6 or 7:
                if (rng.Below(3) == 0)
                {
                    // A sane guest layout where the fuzzed guest accesses land (Workbench.Guest owns it): 16 low
                    // pages, anonymous, either NORMAL or VPAGETABLE with a linear (PS) master so that walks can succeed.
                    long id = Id();
                    bool vpt = rng.Below(2) == 0;
                    foreach (var call in GuestLayout.LowPages((ulong)id, vpt, () => rng.Below(4) << 12))
                        if (!Do(td, S(call.Name), call.Args.ToArray()) || !m.LastCall!.Result.Ok) break;
                    break;
                }
                Do(td, S("vmspace_mmap"), [Id(), Addr(), Len(), Prot(), Flags(), Fd(), rng.Below(4) == 0 ? 0x800 : 0]);
                break;
            case 8: Do(td, S("vmspace_munmap"), [Id(), Addr(), Len()]); break;
            case 9 or 10: Do(td, S("vmspace_mcontrol"), [Id(), Addr(), Len(), (long)rng.Below(14) - 1, (long)(rng.Below(4) << 12) | 0x7]); break;
            case 11: Do(td, S(rng.Below(2) == 0 ? "vmspace_pread" : "vmspace_pwrite"), [Id(), Addr(), Len(), 0, 0]); break;
            case 12:
                if (Do(td, S("mmap"), [Addr(), Len(), Prot(), Flags(), Fd(), 0]) && m.LastCall!.Result.Ok && rng.Below(2) == 0)
                    Do(td, S("munmap"), [m.LastCall.Result.Value, Len()]);
                break;
            case 13:
                switch (rng.Below(3))
                {
                    case 0: Do(td, S("open"), [Fcntl.O_RDWR | Fcntl.O_CREAT, 0], "/tmp/mem" + rng.Below(2)); break;
                    case 1: Do(td, S("ftruncate"), [Fd(), (long)(rng.Below(64) << 12)]); break;
                    default: Do(td, S("close"), [Fd()]); break;
                }
                break;
            case 14: if (m.Procs.Count < 6) Do(td, S("fork"), []); break;
            case 15: if (td.lwp_proc.p_lwp_tree.Count < 4) Do(td, S("lwp_create"), []); break;
            case 16: if (rng.Below(3) == 0) Do(td, S("lwp_exit"), []); break;
            case 17: if (rng.Below(4) == 0 && m.Procs.Count > 1) { frames.Remove(pid); Do(td, S("exit"), [0]); } break;
            case 18: if (rng.Below(4) == 0) { frames.Remove(pid); Do(td, S("execve"), [], "/bin/sh"); } break;
            default: Do(td, S("sysctl"), [(long)rng.Below(2)], "vm.vkernel_enable"); break;
        }
    }

    /// <summary>One script line for an event, with its result as the expectation.</summary>
    static string Line(int tid, SysentEntry spec, long[] args, string? str, SysResult r, bool gone)
    {
        var parts = new List<string>();
        int ai = 0;
        foreach (var field in spec.Visible)
        {
            if (field.Format == ArgFormat.Str) { if (str is not null) parts.Add(Symbols.Format(ArgFormat.Str, 0, str)); continue; }
            if (ai >= args.Length) break;
            parts.Add(args[ai] < 0 ? args[ai].ToString(System.Globalization.CultureInfo.InvariantCulture) : Symbols.Hex(args[ai]));
            ai++;
        }
        string expect = gone ? "?" : r.Error switch
        {
            0 => Symbols.Hex(r.Value),
            Errno.EJUSTRETURN => "EJUSTRETURN",
            _ => $"-1 {Errno.Name(r.Error)}",
        };
        return $"[pid {tid}] {spec.Name}({string.Join(", ", parts)}) = {expect}";
    }
}
