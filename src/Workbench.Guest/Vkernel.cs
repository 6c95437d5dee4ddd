// Models the 2012 vkernel64 platform code as a user program of the modelled host: boot (init.c, spec §6.1), the
// per-CPU LWPs (§6.4), and its host calls. Simplified: the guest kernel itself is not run; its decisions (fault in a
// page, fork, exec, exit) follow a seeded workload. It uses only host system calls and its own loads and stores
// (Machine.Poke/Peek through its DMAP window), never the host model's internals.
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest;

/// <summary>One vkernel CPU: an LWP of the vkernel process, its trapframe/vextframe pages, and what it runs.</summary>
public sealed class VkernelCpu
{
    internal VkernelCpu(int index, Lwp lwp, ulong frame) { Index = index; Lwp = lwp; Frame = frame; }

    public int Index { get; }
    public Lwp Lwp { get; }
    /// <summary>The trapframe it passes to vmspace_ctl (the vextframe is the next page).</summary>
    public ulong Frame { get; }
    /// <summary>The guest process it runs, or null when idle.</summary>
    public GuestProcess? Current { get; internal set; }
    internal int Slice;
}

/// <summary>A simulated vkernel: boots on a <see cref="Machine"/> (as its process 1), keeps guest page tables in its
/// memory-image file, and runs guest processes on several CPUs until they have all exited.</summary>
public sealed partial class Vkernel
{
    public const ulong KvaHint = 512UL << 30, KvaSize = 2UL << 30, DmapHint = 1UL << 40, DmapSize = 512UL << 30;
    public const ulong UserSize = HostProtocol.UserSize;
    public const string MemImage = "/var/vkernel/memimg.000";
    /// <summary>Where the guest kernel keeps its pmap structures: vmspace ids are addresses in this array.</summary>
    public const ulong PmapArray = KvaHint + 0x400a28, PmapStride = 0x528;

    public Vkernel(Machine machine, VkernelOptions? options = null)
    {
        Machine = machine;
        Options = options ?? new VkernelOptions();
        Rng = new SplitMix64(Options.Seed);
        Phys = new PhysMem(Options.RamBytes);
    }

    public Machine Machine { get; }
    public VkernelOptions Options { get; }
    public VkernelStats Stats { get; } = new();
    public PhysMem Phys { get; }
    public IReadOnlyList<VkernelCpu> Cpus => _cpus;
    readonly List<VkernelCpu> _cpus = new();

    /// <summary>Host addresses of its own KVA (MAP_VPAGETABLE) and of the DMAP window (plain shared) over the file.</summary>
    public ulong Kva { get; private set; }
    public ulong Dmap { get; private set; }
    public int MemFd { get; private set; } = -1;
    public bool Booted { get; private set; }

    internal SplitMix64 Rng { get; }

    /// <summary>Boot as init.c does (spec §6.1): check vm.vkernel_enable, open and size the memory image, map the KVA
    /// (MAP_SHARED|MAP_VPAGETABLE at the 512 GiB hint, file offset = address, retried in 512 GiB steps), NOSYNC and
    /// SETMAP(0|R|W|V) on it, map the DMAP window, allocate per-CPU frames and start CPUs 1..K-1 as LWPs.</summary>
    public void Boot()
    {
        var cpu0 = Machine.Init ?? throw new VkernelPanicException("no process 1 to run in");
        if (Host("sysctl", Machine.SysctlGet(cpu0, "vm.vkernel_enable")) == 0)
            throw new VkernelPanicException("errx: vm.vkernel_enable is 0");
        MemFd = (int)Host("open", Machine.Open(cpu0, MemImage, Fcntl.O_RDWR | Fcntl.O_CREAT, 0x1a4));
        Host("ftruncate", Machine.Ftruncate(cpu0, MemFd, (long)Options.RamBytes));
        for (ulong hint = KvaHint; ; hint += KvaHint)
        {
            ulong got = (ulong)Host("mmap", Machine.Mmap(cpu0, hint, KvaSize, PROT_READ | PROT_WRITE,
                MAP_FILE | MAP_SHARED | MAP_VPAGETABLE, MemFd, (long)hint));
            if (got == hint) { Kva = got; break; }
            Host("munmap", Machine.Munmap(cpu0, got, KvaSize));
        }
        Host("madvise", Machine.Madvise(cpu0, Kva, KvaSize, MADV_NOSYNC));
        Host("mcontrol", Machine.Mcontrol(cpu0, Kva, KvaSize, MADV_SETMAP, (long)(0 | VPTE_R | VPTE_W | VPTE_V)));
        Dmap = (ulong)Host("mmap", Machine.Mmap(cpu0, DmapHint, DmapSize, PROT_READ | PROT_WRITE, MAP_SHARED, MemFd, 0));
        int k = Math.Max(1, Options.Cpus);
        ulong frames = HostProtocol.AllocFrames(Machine, cpu0, k, OnHostCall);
        _cpus.Add(new VkernelCpu(0, cpu0, frames));
        for (int i = 1; i < k; i++)
        {
            int tid = (int)Host("lwp_create", Machine.LwpCreate(cpu0));
            _cpus.Add(new VkernelCpu(i, Machine.FindLwp(tid)!, frames + (ulong)i * 0x2000));
        }
        Booted = true;
    }

    /// <summary>Counts a host call and returns its value; any failure is a vkernel panic, as in the 2012 code.</summary>
    internal long Host(string name, SysResult r)
    {
        OnHostCall(new HostCall(name, 0, null, r, Checked: true));
        return r.Value;
    }

    /// <summary>The hook this vkernel gives <see cref="HostProtocol"/>: counts the call by C name; a checked call that
    /// did not succeed is a vkernel panic, as in the 2012 code.</summary>
    void OnHostCall(HostCall c)
    {
        Stats.HostCalls[c.Name] = Stats.HostCalls.GetValueOrDefault(c.Name) + 1;
        if (c.Checked && !c.Succeeded) throw new VkernelPanicException($"{c.Name} failed: {c.Result.Format()}");
    }

    /// <summary>A store into guest physical memory: a user-mode store through the DMAP window.</summary>
    internal void Store(VkernelCpu cpu, ulong pa, ulong value)
    {
        Stats.Stores++;
        var r = Machine.Poke(cpu.Lwp, Dmap + pa, value);
        if (!r.Ok) throw new VkernelPanicException($"store to physical 0x{pa:x} faulted: {r.Format()}");
    }

    /// <summary>A load from guest physical memory (or from the vkernel's own memory when <paramref name="raw"/>).</summary>
    internal ulong Load(VkernelCpu cpu, ulong addr, bool raw = false)
    {
        var r = Machine.Peek(cpu.Lwp, raw ? addr : Dmap + addr);
        if (!r.Ok) throw new VkernelPanicException($"load from 0x{addr:x} faulted: {r.Format()}");
        return (ulong)r.Value;
    }
}
