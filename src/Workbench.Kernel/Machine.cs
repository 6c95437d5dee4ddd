// The simulated DragonFly host (a2ee730d): processes, LWPs, the VFS, sysctls, global tokens, counters and the
// single system-call dispatch point. Deterministic: no wall clock; time is a tick per system call or guest event.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

/// <summary>The host kernel: what <c>sys/vm/vm_vmspace.c</c> and the code it leans on run in.</summary>
public sealed partial class Machine
{
    public Machine(MachineOptions? options = null)
    {
        Options = options ?? new MachineOptions();
        Design = Options.Kernel;
        MpLocked = Design.MpLocked;
        VpteWriteBackCas = Design.VpteWriteBackCas;
        MadvInvalShared = Design.MadvInvalShared;
        FaultInvalInterlock = Design.FaultInvalInterlock;
        Sysctl = new Sysctl { vkernel_enable = Options.VkernelEnable };
        Random = new SplitMix64(Options.Seed);
        Vfs = new Vfs();
        CreateInitProc();
    }

    public MachineOptions Options { get; }

    /// <summary>The kernel design the machine runs: the seed (default) or a later DragonFly design (spec §7).</summary>
    public Vkernel.Designs.KernelDesign Design { get; }

    /// <summary>Not in the C: the scheduler interleaving calls, or null when calls run one after another (each to its
    /// end). Set by <see cref="Sched.Interleaver"/> for the length of a concurrent run.</summary>
    internal Sched.Interleaver? Sched { get; set; }

    // The design's switches, read once (they sit on hot paths: every MP lock, every level of the fault walk).
    internal readonly bool MpLocked, VpteWriteBackCas, MadvInvalShared, FaultInvalInterlock;

    /// <summary>The sysctl tree: vm.vkernel_enable, vm.randomize_mmap, vm.max_proc_mmap, kern.maxdsiz.</summary>
    public Sysctl Sysctl { get; }

    /// <summary>Cumulative counters every layer bumps; observers read them before and after each call.</summary>
    public KernelCounters Counters { get; } = new();

    /// <summary>Counters of every vkernel_proc's tree (RB_FIND, RB_INSERT compares and depths, rotations), hooked
    /// when the vkp is created; the dispatch point stamps each call's share (instrumented).</summary>
    public Lib.RbStats TreeStats { get; } = new();

    /// <summary>The in-memory file namespace.</summary>
    public Vfs Vfs { get; }

    /// <summary>The machine's seeded random source (never ambient).</summary>
    internal SplitMix64 Random { get; }

    /// <summary>Simulated time: one tick per system call or guest event.</summary>
    public long Tick { get; private set; }

    // Global tokens (spec §1.1).
    public LwkToken mp_token { get; } = new("mp_token", global::Workbench.Kernel.Sched.SchedObj.GlobalToken | 1);
    public LwkToken proc_token { get; } = new("proc_token", global::Workbench.Kernel.Sched.SchedObj.GlobalToken | 2);
    public LwkToken vmspace_token { get; } = new("vmspace_token", global::Workbench.Kernel.Sched.SchedObj.GlobalToken | 3);

    // Guarded by proc_token.
    readonly SortedDictionary<int, Proc> _procs = new();
    readonly SortedDictionary<int, Lwp> _lwps = new();
    int _nextId = 1;
    internal int NextVmspaceId = 1;

    /// <summary>Live processes by pid.</summary>
    public IReadOnlyDictionary<int, Proc> Procs => _procs;

    /// <summary>Live LWPs by tid.</summary>
    public IReadOnlyDictionary<int, Lwp> Lwps => _lwps;

    /// <summary>The LWP with this tid, or null.</summary>
    public Lwp? FindLwp(int tid) => _lwps.TryGetValue(tid, out var td) ? td : null;

    /// <summary>Kernel messages (<c>kprintf</c>) in the order printed.</summary>
    public IReadOnlyList<string> Messages => _messages;
    readonly List<string> _messages = new();

    /// <summary>Raised for every <c>kprintf</c> as it happens.</summary>
    public event Action<string>? KernelMessage;

    /// <summary><c>kprintf</c>.</summary>
    internal void kprintf(string msg)
    {
        Counters.Kprintf++;
        _messages.Add(msg);
        CurrentCall?.Messages.Add(msg);
        KernelMessage?.Invoke(msg);
    }

    internal int AllocId() => _nextId++;

    /// <summary>Not in the C: the id the next process or LWP will get (ids only grow), for the incremental checker.</summary>
    internal int NextId => _nextId;

    internal void AddProc(Proc p) => _procs.Add(p.p_pid, p);
    internal void RemoveProc(Proc p) => _procs.Remove(p.p_pid);
    internal void AddLwp(Lwp td) { td.lwp_proc.p_lwp_tree.Add(td.lwp_tid, td); _lwps.Add(td.lwp_tid, td); }
    internal void RemoveLwp(Lwp td) { td.lwp_proc.p_lwp_tree.Remove(td.lwp_tid); _lwps.Remove(td.lwp_tid); }
}
