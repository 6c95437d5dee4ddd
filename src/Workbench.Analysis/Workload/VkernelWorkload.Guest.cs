// The vkernel64 platform code the workload runs (spec §6.2, §6.3, §6.5): cpu_vmspace_alloc, go_user, user_trap,
// pmap_inval_pte/pde and cpu_vmspace_free, all through Workbench.Guest's HostProtocol; this file only decides which
// guest, page and trap (seeded), and keeps the guest kernel's bookkeeping (ids, PML4 pages, touched pages).
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Workload;

public sealed partial class VkernelWorkload
{
    /// <summary>One vkernel process: its CPUs, memory image, trapframe pages and guest processes.</summary>
    sealed class VkernelState(Lwp main, int memFd, ulong frames, GuestPmapIds ids)
    {
        public Lwp Main { get; } = main;
        public int MemFd { get; } = memFd;
        public ulong Frames { get; } = frames;
        public GuestPmapIds Ids { get; } = ids;
        public List<Lwp> Cpus { get; } = new();
        public List<Guest> Guests { get; } = new();
        public List<Guest> Dying { get; } = new();
        public ulong NextPml4Page = 1;
    }

    /// <summary>A guest process: its vmspace id and the pages it touched (each costs an INVAL when it exits).</summary>
    sealed class Guest(ulong id)
    {
        public ulong Id { get; } = id;
        public int Touched;
    }

    /// <summary><c>cpu_vmspace_alloc</c>: create, one VPAGETABLE mapping of the whole user range over the memory image,
    /// MADV_NOSYNC (result ignored) and MADV_SETMAP with the guest's PML4 page.</summary>
    void Spawn(VkernelState vk, Lwp td)
    {
        ulong id = vk.Ids.Allocate();
        ulong pml4 = (vk.NextPml4Page++ % ((ulong)GuestRam / Param.PAGE_SIZE)) * Param.PAGE_SIZE;
        HostProtocol.cpu_vmspace_alloc(_m, td, id, vk.MemFd, HostProtocol.Master(pml4), _hostCall);
        vk.Guests.Add(new Guest(id));
    }

    /// <summary><c>go_user</c>: vmspace_ctl(id, VMSPACE_CTL_RUN, tf, &amp;td-&gt;td_savevext) into a guest process.</summary>
    void Run(VkernelState vk, Lwp td, int cpu)
    {
        var g = vk.Guests[Pick(vk.Guests.Count)];
        HostProtocol.go_user(_m, td, g.Id, vk.Frames + (ulong)cpu * HostProtocol.FrameBytes, _hostCall);
    }

    /// <summary>The emulated run ends: a guest syscall (most runs), a page fault, or a signal (timer, I/O, IPI).
    /// A page fault that replaces a valid guest mapping costs one INVAL (pmap_enter cleans the old pte).</summary>
    void Trap(VkernelState vk, Lwp td)
    {
        var id = td.lwp_vkernel!.ve!.id;
        double u = Uniform();
        int trapno = u < 0.55 ? Vk.T_FAST_SYSCALL : u < 0.80 ? Vk.T_PAGEFLT : 0;
        Call(_m.GuestTrap(td, trapno));
        if (trapno != Vk.T_PAGEFLT) return;
        var g = vk.Guests.Find(x => x.Id == id);
        if (g is null) return; // the guest exited meanwhile
        g.Touched++;
        if (_rng.Below(2) == 0)
            Inval(td, id, RandomPage(), Param.PAGE_SIZE);
    }

    /// <summary>A background invalidation (pmap_inval_pte, or pmap_inval_pde for one in five) on a guest process.</summary>
    void InvalRandom(VkernelState vk, Lwp td)
    {
        var g = vk.Guests[Pick(vk.Guests.Count)];
        if (_rng.Below(5) == 0) Inval(td, g.Id, RandomPage() & ~(Param.SEG_SIZE - 1), Param.SEG_SIZE);
        else Inval(td, g.Id, RandomPage(), Param.PAGE_SIZE);
    }

    void Inval(Lwp td, ulong id, ulong va, ulong bytes) => HostProtocol.pmap_inval_cpu(_m, td, id, va, bytes, _hostCall);

    ulong RandomPage() => _rng.Below(Param.VM_MAX_USER_ADDRESS >> Param.PAGE_SHIFT) << Param.PAGE_SHIFT;

    /// <summary>A guest process exits: pmap_remove_pages load-and-clears each page it touched (one INVAL each, at
    /// most 64 here), then cpu_vmspace_free destroys the vmspace.</summary>
    void GuestExit(VkernelState vk, Lwp td)
    {
        var g = vk.Guests[(int)_rng.Below((ulong)vk.Guests.Count)];
        vk.Guests.Remove(g);
        for (int i = 0; i < Math.Min(g.Touched, 64); i++)
            Inval(td, g.Id, RandomPage(), Param.PAGE_SIZE);
        TryDestroy(vk, td, g);
    }

    /// <summary><c>cpu_vmspace_free</c>: vmspace_destroy. EBUSY (another CPU still inside, spec §7 B4) keeps the
    /// guest dying for a later retry; success frees its id for reuse.</summary>
    void TryDestroy(VkernelState vk, Lwp td, Guest g)
    {
        var r = HostProtocol.cpu_vmspace_free(_m, td, g.Id, _hostCall);
        if (r.Error == Errno.EBUSY)
        {
            if (!vk.Dying.Contains(g)) vk.Dying.Add(g);
            else _retries++;
            return;
        }
        if (!r.Ok)
            throw new InvalidOperationException($"workload seed {_o.Seed}: vmspace_destroy(0x{g.Id:x}) = {r.Format()} instead of 0 or EBUSY");
        vk.Dying.Remove(g);
        vk.Ids.Free(g.Id);
    }
}
