// The simulated DragonFly host (a2ee730d): processes, LWPs, the VFS, sysctls, global tokens, counters and the
// single system-call dispatch point. Deterministic: no wall clock; time is a tick per system call or guest event.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

/// <summary>Options of a new machine. Everything that can vary between runs is here and recorded by callers.</summary>
public sealed record MachineOptions
{
    /// <summary>Seed of the machine's only random source (vm.randomize_mmap). Recorded in every trace.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary><c>vm.vkernel_enable</c> at boot (kernel default 0, spec §5.4).</summary>
    public int VkernelEnable { get; init; }
}

/// <summary>The host kernel: what <c>sys/vm/vm_vmspace.c</c> and the code it leans on run in.</summary>
public sealed partial class Machine
{
    public Machine(MachineOptions? options = null)
    {
        Options = options ?? new MachineOptions();
        Sysctl = new Sysctl { vkernel_enable = Options.VkernelEnable };
        Random = new SplitMix64(Options.Seed);
        Vfs = new Vfs();
        CreateInitProc();
    }

    public MachineOptions Options { get; }

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
    public LwkToken mp_token { get; } = new("mp_token");
    public LwkToken proc_token { get; } = new("proc_token");
    public LwkToken vmspace_token { get; } = new("vmspace_token");

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

    internal void AddProc(Proc p) => _procs.Add(p.p_pid, p);
    internal void RemoveProc(Proc p) => _procs.Remove(p.p_pid);
    internal void AddLwp(Lwp td) { td.lwp_proc.p_lwp_tree.Add(td.lwp_tid, td); _lwps.Add(td.lwp_tid, td); }
    internal void RemoveLwp(Lwp td) { td.lwp_proc.p_lwp_tree.Remove(td.lwp_tid); _lwps.Remove(td.lwp_tid); }
}

/// <summary>Sysctl values the modelled paths read (spec §5.4).</summary>
public sealed class Sysctl
{
    /// <summary><c>vm.vkernel_enable</c>, default 0.</summary>
    public int vkernel_enable { get; set; }
    /// <summary><c>vm.randomize_mmap</c>, default 0.</summary>
    public int randomize_mmap { get; set; }
    /// <summary><c>vm.max_proc_mmap</c>: KvaSize / sizeof(vm_map_entry) / 100 with the pc64 defaults [inferred: 512 GiB KVA, 128-byte entries].</summary>
    public long max_proc_mmap { get; set; } = (512L << 30) / 128 / 100;
    /// <summary><c>kern.maxdsiz</c>.</summary>
    public ulong maxdsiz { get; set; } = Param.MAXDSIZ;

    /// <summary>Names accepted by the sysctl call.</summary>
    public static readonly string[] Names = ["vm.vkernel_enable", "vm.randomize_mmap", "vm.max_proc_mmap", "kern.maxdsiz"];

    public bool TryGet(string name, out long value)
    {
        value = name switch
        {
            "vm.vkernel_enable" => vkernel_enable,
            "vm.randomize_mmap" => randomize_mmap,
            "vm.max_proc_mmap" => max_proc_mmap,
            "kern.maxdsiz" => (long)maxdsiz,
            _ => long.MinValue,
        };
        return value != long.MinValue;
    }

    public bool TrySet(string name, long value)
    {
        switch (name)
        {
            case "vm.vkernel_enable": vkernel_enable = (int)value; return true;
            case "vm.randomize_mmap": randomize_mmap = (int)value; return true;
            case "vm.max_proc_mmap": max_proc_mmap = value; return true;
            case "kern.maxdsiz": maxdsiz = (ulong)value; return true;
            default: return false;
        }
    }
}

/// <summary>Cumulative counters. Instrumented: they count, they change nothing.</summary>
public sealed class KernelCounters
{
    public long Syscalls;
    public long TokensTaken;
    public long BlockingPoints;
    public long Faults;
    public long PmapEnters;
    public long PmapRemoves;
    public long MapLocksExclusive;
    public long Copyin;
    public long Copyout;
    public long Kprintf;

    // The guest fault path (Kern/GuestEvents.cs, Vm/VmFault.Vpagetable.cs).
    /// <summary>Guest memory accesses (guest_access), whether they hit the pmap or not.</summary>
    public long GuestAccesses;
    /// <summary>Guest accesses the pmap translated without a fault (a TLB hit on real hardware).</summary>
    public long TlbHits;
    /// <summary>Guest page faults the host resolved itself (vm_fault succeeded; the vkernel never saw them).</summary>
    public long FaultsResolved;
    /// <summary>Guest page faults reflected to the vkernel as T_PAGEFLT through vkernel_trap.</summary>
    public long FaultsReflected;
    /// <summary>Signals delivered while an LWP ran emulated code (postsig, trapno 0).</summary>
    public long GuestSignals;
    /// <summary>Walks of a virtual page table (vm_fault_vpagetable calls).</summary>
    public long VpagetableWalks;
    /// <summary>vptes read from table pages by those walks (one per level).</summary>
    public long VpteReads;
    /// <summary>vptes that a read fault gave VPTE_A.</summary>
    public long VpteAUpdates;
    /// <summary>vptes that a write fault gave VPTE_M|VPTE_A.</summary>
    public long VpteMUpdates;
    /// <summary>User-mode loads and stores of the vkernel into its own memory (poke/peek), hits or not.</summary>
    public long UserAccesses;

    public KernelCounters Snapshot() => (KernelCounters)MemberwiseClone();
}

/// <summary>SplitMix64: a small, seeded, portable generator (the same sequence on every platform and runtime).</summary>
public sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound).</summary>
    public ulong Below(ulong bound) => bound == 0 ? 0 : Next() % bound;
}
