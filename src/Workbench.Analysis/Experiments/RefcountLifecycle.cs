// Experiment behind notebooks/02-refcount-lifecycle: ve->refs and vkp->refs through every rule of spec §1.3 —
// fork (vkernel_inherit), VMSPACE_CTL_RUN, guest traps, the temporary refs of vmspace_mcontrol, EBUSY from
// vmspace_destroy while an LWP runs inside (spec §7 B4, B8), and exit with an active VC (vkernel_lwp_exit).
using Workbench.Analysis.Workload;
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Experiments;

/// <summary>The result: the trace, the two guest ids used (A is contended, B stays busy until exit), the kernel
/// messages printed and the census after the last exit.</summary>
public sealed record LifecycleRun(ulong Seed, SyscallRecorder Trace, ulong IdA, ulong IdB, IReadOnlyList<string> Messages, Census Census);

/// <summary>
/// A scripted story on one vkernel with three CPUs (tids c0, c1, c2) and a forked twin process sharing its
/// vkernel_proc:
/// <list type="number">
/// <item>boot: the vkernel creates guest vmspaces A and B (cpu_vmspace_alloc), then forks (vkp->refs 1 → 2);</item>
/// <item>rounds (the <c>rounds</c> argument): c0 and c1 run in A, c2 runs in B (A's refs reach 2, the number of CPUs in
/// it), an INVAL on B from the twin holds a temporary ref, the twin tries to destroy A and gets EBUSY, then c0 and c1
/// trap back (a syscall, a page fault) and A's refs fall to 0;</item>
/// <item>the twin destroys A (refs 0: success) and exits (vkp->refs 2 → 1);</item>
/// <item>the vkernel exits while c2 still runs in B: "killed with active VC", B's ref is dropped by
/// vkernel_lwp_exit and B is deleted with the last vkp reference.</item>
/// </list>
/// Any result other than the 2011 kernel's throws <see cref="InvalidOperationException"/>. Deterministic for a seed
/// (the seed picks the guest-pmap ids).
/// </summary>
public static class RefcountLifecycle
{
    /// <summary>Runs the story.</summary>
    public static LifecycleRun Run(ulong seed = 1, int rounds = 3)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "at least one round");
        var m = new Machine(new MachineOptions { Seed = seed });
        var rec = SyscallRecorder.Attach(m);
        var init = m.Init!;
        Ok(m.SysctlSet(init, "vm.vkernel_enable", 1), "sysctl");
        var c0 = m.FindLwp((int)Ok(m.Fork(init), "fork").Value)!;
        int fd = (int)Ok(m.Open(c0, "/var/vkernel/memimage", Fcntl.O_RDWR | Fcntl.O_CREAT, 0x180), "open").Value;
        Ok(m.Ftruncate(c0, fd, VkernelWorkload.GuestRam), "ftruncate");
        ulong frames = HostProtocol.AllocFrames(m, c0, 3, Require);
        var c1 = m.FindLwp((int)Ok(m.LwpCreate(c0), "lwp_create").Value)!;
        var c2 = m.FindLwp((int)Ok(m.LwpCreate(c0), "lwp_create").Value)!;
        var ids = new GuestPmapIds(seed);
        ulong a = ids.Allocate(), b = ids.Allocate();
        foreach (var (id, pml4) in new[] { (a, 1UL), (b, 2UL) })
            HostProtocol.cpu_vmspace_alloc(m, c0, id, fd, HostProtocol.Master(pml4 << Param.PAGE_SHIFT), Require);
        var twin = m.FindLwp((int)Ok(m.Fork(c0), "fork (vkernel_inherit)").Value)!;

        SysResult RunIn(Lwp td, int cpu, ulong id)
        {
            return HostProtocol.go_user(m, td, id, frames + (ulong)cpu * HostProtocol.FrameBytes, Require);
        }

        for (int r = 0; r < rounds; r++)
        {
            RunIn(c0, 0, a);
            RunIn(c1, 1, a);
            if (!c2.InVmspace) RunIn(c2, 2, b);
            HostProtocol.pmap_inval_cpu(m, twin, b, (ulong)(r + 1) << Param.PAGE_SHIFT, Param.PAGE_SIZE, Require);
            Is(HostProtocol.cpu_vmspace_free(m, twin, a), Errno.EBUSY, "vmspace_destroy(A) while c0 and c1 run in it");
            Ok(m.GuestTrap(c0, Vk.T_FAST_SYSCALL), "trap c0");
            Is(HostProtocol.cpu_vmspace_free(m, twin, a), Errno.EBUSY, "vmspace_destroy(A) while c1 runs in it");
            Ok(m.GuestTrap(c1, Vk.T_PAGEFLT), "trap c1");
        }
        Ok(HostProtocol.cpu_vmspace_free(m, twin, a), "vmspace_destroy(A) with refs 0");
        Ok(m.Exit(twin, 0), "exit twin");
        Ok(m.Exit(c0, 0), "exit vkernel with c2 in B");
        return new LifecycleRun(seed, rec, a, b, m.Messages.ToList(), Census.Take(m));
    }

    static SysResult Ok(SysResult r, string what) => Is(r, 0, what);

    /// <summary>The hook for <see cref="HostProtocol"/>: a checked vkernel host call must succeed here.</summary>
    static void Require(HostCall c)
    {
        if (c.Checked && !c.Succeeded)
            throw new InvalidOperationException($"refcount lifecycle: {c.What} = {c.Result.Format()} instead of success");
    }

    static SysResult Is(SysResult r, int error, string what) => r.Error == error ? r
        : throw new InvalidOperationException($"refcount lifecycle: {what} = {r.Format()} instead of {(error == 0 ? "success" : Errno.Name(error))}");
}
