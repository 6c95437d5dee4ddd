// The experiments of notebooks/04-fault-behaviour.ipynb: each runs the model and returns plain rows. Deterministic
// (seeded); costs are counted in model units (faults, host calls, INVALs), never timed.
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest.Experiments;

/// <summary>One working-set size: what the guest's accesses cost.</summary>
public sealed record WorkingSetRow(int Pages, long Accesses, long TlbHits, long ResolvedInHost, long Reflected, long Invals, double HitRate);

/// <summary>What one way of first touching a page costs.</summary>
public sealed record FirstTouchRow(string Pattern, long GuestFaults, long ResolvedInHost, long Reflected, long VkernelHostCalls, long Invals);

/// <summary>One step of the partial-SETMAP hazard (spec §7 B2): which page the guest address reaches.</summary>
public sealed record SetmapStep(int Step, string Action, string Access, string Outcome, long PageReached, long WalkLevels, string MapEntries);

/// <summary>The fault-behaviour experiments.</summary>
public static class FaultExperiments
{
    static Vkernel Boot(ulong seed, int cpus = 1)
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1, Seed = seed });
        var vk = new Vkernel(m, new VkernelOptions { Seed = seed, Cpus = cpus });
        vk.Boot();
        return vk;
    }

    /// <summary>A guest process with a data working set of each size in <paramref name="sizes"/>, touched in
    /// <paramref name="passes"/> shuffled passes (the first pass reads, the second writes, later ones mix). Counted from the
    /// host's counters over the process's life (its exec-free start, its accesses, its exit).</summary>
    public static List<WorkingSetRow> WorkingSetSweep(ulong seed, IEnumerable<int> sizes, int passes)
    {
        var rows = new List<WorkingSetRow>();
        foreach (int n in sizes)
        {
            var vk = Boot(seed);
            var rng = new SplitMix64(seed ^ (ulong)n);
            var c0 = vk.Machine.Counters.Snapshot();
            long inval0 = vk.Stats.Invals;
            var p = vk.StartProcess(1, n, 1);
            var data = Vkernel.RegionsOf(p)[1];
            var order = Enumerable.Range(0, n).ToArray();
            for (int pass = 0; pass < passes; pass++)
            {
                for (int i = n - 1; i > 0; i--) { int j = (int)rng.Below((ulong)(i + 1)); (order[i], order[j]) = (order[j], order[i]); }
                foreach (int i in order)
                    vk.Touch(p, data.Start + ((ulong)i << 12) + (rng.Below(512) << 3),
                        pass == 0 || (pass > 1 && rng.Below(2) == 0) ? VM_PROT_READ : VM_PROT_WRITE);
            }
            vk.ExitProcess(p);
            var c = vk.Machine.Counters;
            long acc = c.GuestAccesses - c0.GuestAccesses, hits = c.TlbHits - c0.TlbHits;
            rows.Add(new WorkingSetRow(n, acc, hits, c.FaultsResolved - c0.FaultsResolved, c.FaultsReflected - c0.FaultsReflected,
                vk.Stats.Invals - inval0, acc == 0 ? 0 : Math.Round((double)hits / acc, 4)));
        }
        return rows;
    }

    /// <summary>A full vkernel run: every guest address-space teardown with its resident pages and INVAL calls.</summary>
    public static (VkernelStats Stats, Machine Machine) VkernelRun(ulong seed, int processes, int cpus)
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1, Seed = seed });
        var vk = new Vkernel(m, new VkernelOptions { Seed = seed, Cpus = cpus, Processes = processes });
        return (vk.Run(), m);
    }

    /// <summary>The cost of a page's first write: written first, written after a read (the 2012 rule maps reads
    /// read-only, so the write faults again but the host resolves it and sets VPTE_M), and written after a fork made
    /// it read-only (copy-on-write: reflected, and the vkernel re-enters it with an INVAL).</summary>
    public static List<FirstTouchRow> FirstWriteCost(ulong seed)
    {
        var rows = new List<FirstTouchRow>();
        foreach (var pattern in new[] { "write", "read, then write", "write, fork, write again" })
        {
            var vk = Boot(seed);
            var p = vk.StartProcess(1, 1, 1);
            ulong va = Vkernel.RegionsOf(p)[1].Start;
            var c0 = vk.Machine.Counters.Snapshot();
            long calls0 = vk.Stats.HostCallTotal, inval0 = vk.Stats.Invals;
            switch (pattern)
            {
                case "write":
                    vk.Touch(p, va, VM_PROT_WRITE);
                    break;
                case "read, then write":
                    vk.Touch(p, va, VM_PROT_READ);
                    vk.Touch(p, va, VM_PROT_WRITE);
                    break;
                default:
                    vk.Touch(p, va, VM_PROT_WRITE);
                    c0 = vk.Machine.Counters.Snapshot();
                    calls0 = vk.Stats.HostCallTotal; inval0 = vk.Stats.Invals;
                    vk.GuestFork(p);
                    vk.Touch(p, va, VM_PROT_WRITE);
                    break;
            }
            var c = vk.Machine.Counters;
            rows.Add(new FirstTouchRow(pattern, c.FaultsResolved - c0.FaultsResolved + c.FaultsReflected - c0.FaultsReflected, c.FaultsResolved - c0.FaultsResolved,
                c.FaultsReflected - c0.FaultsReflected, vk.Stats.HostCallTotal - calls0, vk.Stats.Invals - inval0));
        }
        return rows;
    }

    /// <summary>The partial-SETMAP hazard, step by step: two table trees in the memory file map guest 0x400000 to
    /// page 0x10 (old) and 0x20 (new); a SETMAP of one page elsewhere switches the whole entry to the new tree, but
    /// the old translation of 0x400000 survives until an INVAL.</summary>
    public static List<SetmapStep> PartialSetmap(ulong seed)
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1, Seed = seed });
        m.FaultLog = new();
        var vk = m.Init!;
        const ulong dmap = 0x100_0000_0000UL, id = 0x1000, rwv = VPTE_R | VPTE_W | VPTE_V, far = 0x100_0040_0000UL;
        int fd = (int)m.Open(vk, "/var/vkernel/memimg.000", Fcntl.O_RDWR | Fcntl.O_CREAT, 0x1a4).Value;
        m.Ftruncate(vk, fd, 0x40_0000);
        m.Mmap(vk, dmap, 0x40_0000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
        ulong frames = HostProtocol.AllocFrames(m, vk, 1);
        HostProtocol.cpu_vmspace_alloc(m, vk, id, fd, HostProtocol.Master(0x1000));
        var cpu = m.FindLwp((int)m.LwpCreate(vk).Value)!;
        foreach (var (pa, v) in new (ulong, ulong)[]
        {
            (0x1000, 0x2000 | rwv), (0x1010, 0x2000 | rwv), (0x2000, 0x3000 | rwv), (0x3010, 0x4000 | rwv), (0x4000, 0x10000 | rwv),
            (0x5000, 0x6000 | rwv), (0x5010, 0x6000 | rwv), (0x6000, 0x7000 | rwv), (0x7010, 0x8000 | rwv), (0x8000, 0x20000 | rwv),
        })
            m.Poke(vk, dmap + pa, v);
        var vms = vk.lwp_proc.p_vkernel!.root.RB_FIND(id)!.vmspace!;
        var steps = new List<SetmapStep>();
        string Entries() => string.Join(" ", vms.vm_map.entries.Select(e => $"[0x{e.start:x}-0x{e.end:x}) pde=0x{e.master_pde:x}"));
        void Touch(string action, ulong va)
        {
            int before = m.FaultLog!.Count;
            if (!cpu.InVmspace) HostProtocol.go_user(m, cpu, id, frames);
            var r = m.GuestAccess(cpu, va, VM_PROT_READ);
            string outcome = m.FaultLog.Count == before ? "TLB hit (no walk)" : r.Value == 0 ? "fault resolved by a walk" : "reflected";
            long page = vms.vm_pmap.pmap_extract(va, out var pte) ? (long)pte.Pindex : -1;
            long levels = m.FaultLog.Count == before ? 0 : m.FaultLog[^1].Walk.Levels;
            steps.Add(new SetmapStep(steps.Count + 1, action, $"read 0x{va:x}", outcome, page, levels, Entries()));
        }
        void Control(string action, ulong addr, ulong len, int behav, ulong value)
        {
            m.VmspaceMcontrol(vk, id, addr, len, behav, (long)value);
            steps.Add(new SetmapStep(steps.Count + 1, action, "-", "-", -1, 0, Entries()));
        }
        Touch("guest reads 0x400000 (old tree)", 0x400000);
        Touch("guest reads 0x10000400000 (old tree)", far);
        if (cpu.InVmspace) m.GuestSignal(cpu, Sig.SIGIO);
        Control("SETMAP new tree on ONE page at 0x10000400000", far, 0x1000, MADV_SETMAP, 0x5000 | rwv);
        Touch("guest reads 0x10000400000 (flushed)", far);
        Touch("guest reads 0x400000 (NOT flushed)", 0x400000);
        if (cpu.InVmspace) m.GuestSignal(cpu, Sig.SIGIO);
        Control("INVAL 0x400000", 0x400000, 0x1000, MADV_INVAL, 0);
        Touch("guest reads 0x400000 (after INVAL)", 0x400000);
        if (cpu.InVmspace) m.GuestSignal(cpu, Sig.SIGIO);
        HostProtocol.cpu_vmspace_free(m, vk, id);
        m.Exit(vk, 0);
        return steps;
    }
}
