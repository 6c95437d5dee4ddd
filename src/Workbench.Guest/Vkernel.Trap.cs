// Models go_user and user_trap of sys/platform/vkernel64/x86_64/trap.c (2012, spec §6.3): enter the guest vmspace
// with VMSPACE_CTL_RUN, run until the host hands control back, read the trapframe the host copied out, and act on
// it: T_PAGEFLT -> the guest's vm_fault (map a page, or re-enter a COW-protected one writable); T_FAST_SYSCALL ->
// the guest system call (fork, exec, exit or anything else); trapno 0 -> a signal (timer). Simplified: the guest
// kernel's decisions come from the process's script; no registers, no FPU (PGEX_FPFAULT is never set).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest;

public sealed partial class Vkernel
{
    /// <summary>One <c>vmspace_ctl(RUN)</c>: the CPU's LWP enters the process's vmspace.</summary>
    void GoUser(VkernelCpu cpu, GuestProcess p)
    {
        if (cpu.Lwp.InVmspace) return;
        Stats.CtlRuns++;
        HostProtocol.go_user(Machine, cpu.Lwp, p.Pmap.VmspaceId, cpu.Frame, OnHostCall);
    }

    /// <summary>The trapframe word the host copied out (tf_trapno, tf_addr, tf_err ...).</summary>
    ulong TrapframeWord(VkernelCpu cpu, int field) => HostProtocol.TrapframeWord(Machine, cpu.Lwp, cpu.Frame, field);

    /// <summary>Runs one step of <paramref name="p"/> on <paramref name="cpu"/>. False when the process is gone.</summary>
    bool RunStep(VkernelCpu cpu, GuestProcess p, GuestStep s)
    {
        if (s.Op == GuestOp.Access) return Access(cpu, p, s.Va, s.Access);
        GoUser(cpu, p);
        var r = Machine.GuestTrap(cpu.Lwp, T_FAST_SYSCALL);  // the syscall instruction: intercepted at syscall2
        if (!r.Ok || TrapframeWord(cpu, Trapframe.tf_trapno) != T_FAST_SYSCALL)
            throw new VkernelPanicException($"go_user: syscall return {r.Format()}");
        Stats.GuestSyscalls++;
        switch (s.Op)
        {
            case GuestOp.Fork: Fork(cpu, p); return true;
            case GuestOp.Exec: Exec(cpu, p); return true;
            case GuestOp.Exit: Exit(cpu, p); return false;
            default: return true;
        }
    }

    /// <summary>A guest load/store: done inside when the host resolves it; otherwise the vkernel reads the fault from
    /// its trapframe, runs the guest vm_fault and goes back in to retry (at most a few times).</summary>
    bool Access(VkernelCpu cpu, GuestProcess p, ulong va, int access)
    {
        Stats.Accesses++;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            GoUser(cpu, p);
            var r = Machine.GuestAccess(cpu.Lwp, va, access);
            if (!r.Ok) throw new VkernelPanicException($"go_user: vmspace_ctl returned {r.Format()}");
            if (r.Value == 0) return true;
            Stats.ReflectedFaults++;
            if (TrapframeWord(cpu, Trapframe.tf_trapno) != T_PAGEFLT)
                throw new VkernelPanicException("user_trap: T_PAGEFLT expected");
            ulong addr = TrapframeWord(cpu, Trapframe.tf_addr);
            int err = (int)TrapframeWord(cpu, Trapframe.tf_err);
            if (!vm_fault(cpu, p, addr, err))
            {
                Exit(cpu, p);                             // SIGSEGV in the guest: the process dies
                return false;
            }
        }
        throw new VkernelPanicException($"vm_fault: 0x{va:x} still faults after the vkernel mapped it");
    }

    /// <summary>The guest kernel's <c>vm_fault</c> for a user fault: outside every region, or a write to a read-only
    /// region, is SIGSEGV (false). A present page (a write after a COW protect) is re-entered writable; a missing
    /// one gets a fresh zeroed page, writable if its region is.</summary>
    bool vm_fault(VkernelCpu cpu, GuestProcess p, ulong va, int err)
    {
        var region = p.Regions.FirstOrDefault(g => g.Contains(va));
        bool write = (err & PGEX_W) != 0;
        if (region.Pages == 0 || (write && !region.Writable)) return false;
        ulong vpn = va >> 12;
        if (p.Pmap.Resident.TryGetValue(vpn, out ulong pa))
        {
            Stats.CowFaults++;
            pmap_enter(cpu, p.Pmap, va, pa, writable: true);
        }
        else
        {
            Stats.PagesMapped++;
            pmap_enter(cpu, p.Pmap, va, AllocZeroed(cpu), region.Writable);
        }
        return true;
    }

    /// <summary>Guest fork: a new vmspace for the child (empty pmap) and the parent's writable ptes made read-only
    /// (pmap_protect: one pmap_setro_pte INVAL each) for copy-on-write. Declined when the workload is complete.</summary>
    void Fork(VkernelCpu cpu, GuestProcess parent)
    {
        if (_spawned >= Options.Processes || _live >= Options.Concurrency) return;
        var child = NewChild();
        child.Pmap = pmap_pinit(cpu);
        child.Regions = parent.Regions;
        foreach (var vpn in parent.Pmap.Resident.Keys.ToList())
            if (parent.Regions.FirstOrDefault(g => g.Contains(vpn << 12)).Writable)
                pmap_setro(cpu, parent.Pmap, vpn);
        Stats.Forks++;
        _runq.Enqueue(child);
    }

    /// <summary>Guest exec: a new vmspace for the new image, then the old one torn down (INVAL per resident page,
    /// vmspace_destroy).</summary>
    void Exec(VkernelCpu cpu, GuestProcess p)
    {
        var old = p.Pmap;
        p.Pmap = pmap_pinit(cpu);
        p.Regions = p.Image;
        pmap_release(cpu, old, p.Pid, exec: true);
        Stats.Execs++;
    }

    /// <summary>Guest exit: the address space torn down (INVAL per resident page, vmspace_destroy).</summary>
    void Exit(VkernelCpu cpu, GuestProcess p)
    {
        pmap_release(cpu, p.Pmap, p.Pid, exec: false);
        p.Exited = true;
        _live--;
        Stats.Exited++;
    }
}
