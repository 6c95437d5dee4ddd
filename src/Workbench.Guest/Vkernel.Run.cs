// The vkernel's scheduler and workload (spec §6.4, §6.6): guest init forks children that exec, touch a working set
// over several passes, make system calls and exit; each vkernel CPU runs one guest process at a time and its timer
// (SIGIO) preempts it every Quantum events. Which CPU acts next is drawn from the seeded generator, so one seed
// gives one interleaving. Deterministic.
using Workbench.Kernel;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Guest;

public sealed partial class Vkernel
{
    readonly Queue<GuestProcess> _runq = new();
    int _spawned, _live, _nextPid = 1;
    GuestProcess? _init;

    /// <summary>Guest init (pid 1).</summary>
    public GuestProcess? InitProcess => _init;

    /// <summary>Boots (if needed), starts guest init, runs until <see cref="VkernelOptions.Processes"/> children have
    /// exited, then shuts down: the vkernel process exits and takes everything with it. Returns the statistics.</summary>
    public VkernelStats Run()
    {
        if (!Booted) Boot();
        StartInit();
        long steps = 0, limit = 50_000_000;
        while (!(_spawned >= Options.Processes && _live == 0))
        {
            if (++steps > limit) throw new VkernelPanicException("scheduler: no progress");
            var cpu = _cpus[(int)Rng.Below((ulong)_cpus.Count)];
            if (cpu.Current is null)
            {
                if (_runq.Count == 0) continue;
                cpu.Current = _runq.Dequeue();
                cpu.Slice = 0;
            }
            var p = cpu.Current;
            var step = p.Pending ?? Next(p);
            p.Pending = null;
            if (!RunStep(cpu, p, step)) { cpu.Current = null; continue; }
            if (++cpu.Slice >= Options.Quantum)
            {
                if (cpu.Lwp.InVmspace)
                {
                    Stats.TimerSignals++;
                    if (!Machine.GuestSignal(cpu.Lwp, Sig.SIGIO).Ok) throw new VkernelPanicException("timer: vmspace_ctl failed");
                }
                _runq.Enqueue(p);
                cpu.Current = null;
            }
        }
        Shutdown();
        return Stats;
    }

    static GuestStep Next(GuestProcess p) =>
        p.Script.MoveNext() ? p.Script.Current : throw new VkernelPanicException($"{p}: script ended without exit");

    /// <summary>Guest init: its vmspace, a small image, and a script that rewrites its data and forks forever.</summary>
    void StartInit()
    {
        _init = new GuestProcess(_nextPid++, null!);
        _init.Pmap = pmap_pinit(_cpus[0]);
        _init.Regions = Image(2, Math.Max(1, Options.InitPages), 2);
        _init.Script = InitScript(_init).GetEnumerator();
        _runq.Enqueue(_init);
    }

    IEnumerable<GuestStep> InitScript(GuestProcess init)
    {
        var data = init.Regions[1];
        while (true)
        {
            yield return new GuestStep(GuestOp.Access, init.Regions[0].Start, VM_PROT_EXECUTE);
            for (int i = 0; i < data.Pages; i++)
                yield return new GuestStep(GuestOp.Access, data.Start + ((ulong)i << 12) + 8 * (ulong)i, VM_PROT_WRITE);
            yield return new GuestStep(GuestOp.Fork);
        }
    }

    GuestProcess NewChild()
    {
        var p = new GuestProcess(_nextPid++, null!);
        int ws = Options.WorkingSetMin + (int)Rng.Below((ulong)Math.Max(1, Options.WorkingSetMax - Options.WorkingSetMin + 1));
        int text = Math.Max(1, ws / 4), stack = Math.Max(1, ws / 8), data = Math.Max(1, ws - text - stack);
        p.Image = Image(text, data, stack);
        p.Script = ChildScript(p, new SplitMix64(Rng.Next())).GetEnumerator();
        _spawned++;
        _live++;
        Stats.Spawned++;
        return p;
    }

    /// <summary>Text at 0x400000 (read/execute), data at 0x600000 (read/write), stack below the top of the user range.</summary>
    static List<GuestRegion> Image(int text, int data, int stack) =>
    [
        new GuestRegion("text", 0x400000, text, false),
        new GuestRegion("data", 0x600000, data, true),
        new GuestRegion("stack", UserSize - ((ulong)stack << 12), stack, true),
    ];

    /// <summary>exec; Passes passes over the working set in a shuffled order (text executed, data read on the first
    /// pass and written after, stack written), a system call every SyscallEvery accesses; exit.</summary>
    IEnumerable<GuestStep> ChildScript(GuestProcess p, SplitMix64 rng)
    {
        yield return new GuestStep(GuestOp.Exec);
        var pages = new List<(ulong Va, string Region)>();
        foreach (var g in p.Image)
            for (int i = 0; i < g.Pages; i++) pages.Add((g.Start + ((ulong)i << 12), g.Name));
        int n = 0;
        for (int pass = 0; pass < Options.Passes; pass++)
        {
            for (int i = pages.Count - 1; i > 0; i--) { int j = (int)rng.Below((ulong)(i + 1)); (pages[i], pages[j]) = (pages[j], pages[i]); }
            foreach (var (va, region) in pages)
            {
                int access = region switch
                {
                    "text" => VM_PROT_EXECUTE,
                    "data" => pass == 0 ? VM_PROT_READ : (rng.Below(2) == 0 ? VM_PROT_WRITE : VM_PROT_READ),
                    _ => VM_PROT_WRITE,
                };
                yield return new GuestStep(GuestOp.Access, va + (rng.Below(512) << 3), access);
                if (++n % Math.Max(1, Options.SyscallEvery) == 0) yield return new GuestStep(GuestOp.Syscall);
            }
        }
        yield return new GuestStep(GuestOp.Exit);
    }

    /// <summary>Stops every CPU (a CPU still inside a vmspace is signalled out), tears down guest init's address
    /// space, stops CPUs 1..K-1 (lwp_exit) and exits the vkernel process, whose vkernel_exit destroys whatever is
    /// left.</summary>
    public void Shutdown()
    {
        foreach (var cpu in _cpus)
            if (cpu.Lwp.InVmspace && !Machine.GuestSignal(cpu.Lwp, Sig.SIGXCPU).Ok)
                throw new VkernelPanicException("shutdown: vmspace_ctl failed");
        if (_init is { Exited: false } init)
        {
            pmap_release(_cpus[0], init.Pmap, init.Pid, exec: false);
            init.Exited = true;
        }
        for (int i = 1; i < _cpus.Count; i++) Host("lwp_exit", Machine.LwpExit(_cpus[i].Lwp));
        Host("exit", Machine.Exit(_cpus[0].Lwp, 0));
    }
}
