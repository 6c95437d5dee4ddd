// A hands-on interface to the simulated vkernel for experiments and notebooks: start one guest process with a given
// image and drive its accesses by hand, through exactly the paths Run() uses (go_user, the host fault path, the
// guest vm_fault, the INVAL protocol). Deterministic.
namespace Workbench.Guest;

public sealed partial class Vkernel
{
    /// <summary>Boots if needed and starts a guest process with <paramref name="text"/>, <paramref name="data"/> and
    /// <paramref name="stack"/> pages (its own vmspace, no script): drive it with <see cref="Touch"/>.</summary>
    public GuestProcess StartProcess(int text, int data, int stack)
    {
        if (!Booted) Boot();
        var p = new GuestProcess(_nextPid++, Enumerable.Empty<GuestStep>().GetEnumerator());
        p.Pmap = pmap_pinit(_cpus[0]);
        p.Regions = Image(text, data, stack);
        _live++;
        return p;
    }

    /// <summary>The process's regions (text, data, stack).</summary>
    public static IReadOnlyList<GuestRegion> RegionsOf(GuestProcess p) => p.Regions;

    /// <summary>The guest touches <paramref name="va"/> on CPU <paramref name="cpu"/>: a host TLB hit, a fault the
    /// host resolves, or a fault reflected to this vkernel, which maps the page and re-enters. False when the guest
    /// process was killed (SIGSEGV) instead.</summary>
    public bool Touch(GuestProcess p, ulong va, int access, int cpu = 0) => Access(_cpus[cpu], p, va, access);


    /// <summary>Guest fork of <paramref name="p"/> as Run() does it (COW-protects its writable pages); the child is
    /// queued for Run() and not returned.</summary>
    public void GuestFork(GuestProcess p, int cpu = 0)
    {
        if (_cpus[cpu].Lwp.InVmspace) Machine.GuestSignal(_cpus[cpu].Lwp, Workbench.Kernel.Sys.Sig.SIGIO);
        int before = _spawned;
        Fork(_cpus[cpu], p);
        if (_spawned == before) throw new VkernelPanicException("GuestFork: the workload limits declined the fork");
    }

    /// <summary>Takes the CPU out of the guest (a timer signal) if it is inside.</summary>
    public void Preempt(int cpu = 0)
    {
        if (_cpus[cpu].Lwp.InVmspace) Machine.GuestSignal(_cpus[cpu].Lwp, Workbench.Kernel.Sys.Sig.SIGIO);
    }

    /// <summary>Guest exit of a process started with <see cref="StartProcess"/>: its address space is torn down
    /// (INVAL per resident page, vmspace_destroy). Returns the teardown record.</summary>
    public TeardownRecord ExitProcess(GuestProcess p, int cpu = 0)
    {
        Preempt(cpu);
        Exit(_cpus[cpu], p);
        return Stats.Teardowns[^1];
    }
}
