// Test fixture for the guest fault path: a vkernel with a 4 MiB memory-image file, a DMAP window over it (where it
// writes its tables with poke), a guest vmspace covering the user range with one VPAGETABLE entry, and a second LWP
// that runs the guest. Its vkernel host calls (cpu_vmspace_alloc, go_user, trapframe reads, pmap_inval_cpu) are
// Workbench.Guest's HostProtocol. The default tree maps guest 0x400000 + n*0x1000 through
//   master -> PML4 0x1000 -> PDP 0x2000 -> PD 0x3000 (slot 2) -> PT 0x4000 (slot n) -> data page.
using Workbench.Guest;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Tests.Fault;

sealed class FaultKit
{
    public const ulong Id = 0x1000, Dmap = 0x100_0000_0000UL, FileSize = 0x40_0000, GuestVa = 0x40_0000;
    public const ulong Pml4 = 0x1000, Pdp = 0x2000, Pd = 0x3000, Pt = 0x4000;
    public const ulong RWV = VPTE_R | VPTE_W | VPTE_V;
    public const int READ = VM_PROT_READ, WRITE = VM_PROT_WRITE, EXEC = VM_PROT_EXECUTE;

    public readonly Machine M;
    public readonly Lwp Vk0;      // the vkernel thread that pokes (never inside)
    public readonly Lwp Cpu;      // the vkernel CPU that runs the guest
    public readonly ulong Frames;
    public readonly int Fd;

    public FaultKit(bool tree = true, ulong master = Pml4 | RWV)
    {
        M = CensusCheckAttribute.Track(new Machine(new MachineOptions { VkernelEnable = 1 }));
        M.FaultLog = new();
        Vk0 = M.Init!;
        Fd = (int)Ok(M.Open(Vk0, "/var/vkernel/memimg.000", Fcntl.O_RDWR | Fcntl.O_CREAT, 0x1a4));
        Ok(M.Ftruncate(Vk0, Fd, (long)FileSize));
        Ok(M.Mmap(Vk0, Dmap, FileSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, Fd, 0));
        Frames = HostProtocol.AllocFrames(M, Vk0, 1, Require);
        HostProtocol.cpu_vmspace_alloc(M, Vk0, Id, Fd, master, Require);
        Cpu = M.FindLwp((int)Ok(M.LwpCreate(Vk0)))!;
        if (tree)
        {
            Poke(Pml4, Pdp | RWV);
            Poke(Pdp, Pd | RWV);
            Poke(Pd + 2 * 8, Pt | RWV);
        }
    }

    public static long Ok(SysResult r)
    {
        Assert.True(r.Ok, $"call failed: {r.Format()}");
        return r.Value;
    }

    /// <summary>The vkernel stores a word at guest-physical <paramref name="phys"/> (through its DMAP window).</summary>
    public void Poke(ulong phys, ulong value) => Ok(M.Poke(Vk0, Dmap + phys, value));

    public ulong Peek(ulong phys) => (ulong)Ok(M.Peek(Vk0, Dmap + phys));

    /// <summary>PT slot n maps guest GuestVa + n*0x1000 to <paramref name="frame"/> with <paramref name="bits"/>.</summary>
    public void Leaf(int n, ulong frame, ulong bits) => Poke(Pt + (ulong)n * 8, frame | bits);

    public void Enter()
    {
        if (Cpu.InVmspace) return;
        HostProtocol.go_user(M, Cpu, Id, Frames, Require);
    }

    /// <summary>pmap_inval_pte from the vkernel thread: vmspace_mcontrol(Id, va, one page, MADV_INVAL).</summary>
    public void Inval(ulong va) => HostProtocol.pmap_inval_cpu(M, Vk0, Id, va, 0x1000, Require);

    /// <summary>The hook for the vkernel's host calls: each checked call must succeed.</summary>
    static void Require(HostCall c) => Assert.True(!c.Checked || c.Succeeded, $"{c.What} = {c.Result.Format()} instead of success");

    /// <summary>A guest access from inside (entering first if needed): 0 resolved, T_PAGEFLT reflected.</summary>
    public long Access(ulong va, int access)
    {
        Enter();
        var r = M.GuestAccess(Cpu, va, access);
        Assert.True(r.Ok, $"guest_access(0x{va:x}) failed: {r.Format()}");
        return r.Value;
    }

    public FaultRecord LastFault => M.FaultLog![^1];

    /// <summary>A word of the trapframe the host copied out to the vkernel (index as in <see cref="Trapframe"/>).</summary>
    public ulong Frame(int field) => HostProtocol.TrapframeWord(M, Vk0, Frames, field);

    public Workbench.Kernel.Vm.VmSpace Vms => Vk0.lwp_proc.p_vkernel!.root.RB_FIND(Id)!.vmspace!;

    public void AssertInvariants()
    {
        var bad = Invariants.Check(M);
        Assert.True(bad.Count == 0, "invariants broken: " + string.Join("; ", bad));
    }
}
