// A small live vkernel for notebooks to look at: its tree (vkp->root) and the map of one guest vmspace, built by
// Workbench.Guest's HostProtocol.cpu_vmspace_alloc (spec §6.2). Not an experiment: a specimen, torn down with Exit().
using Workbench.Analysis.Workload;
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vkernel;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Experiments;

/// <summary>
/// One vkernel process with <see cref="Guests"/> guest vmspaces, each created, mapped (one VPAGETABLE entry over the
/// whole user range), NOSYNC'd and SETMAP'd with its own PML4 page, with realistic guest-pmap ids. Display
/// <see cref="Vkernel"/> for the tree and <see cref="Entry"/> for a map. Not thread-safe.
/// </summary>
public sealed class DemoVkernel
{
    readonly Lwp _td;

    DemoVkernel(Machine m, Lwp td, IReadOnlyList<ulong> ids) { Machine = m; _td = td; Ids = ids; }

    /// <summary>The machine the vkernel runs on.</summary>
    public Machine Machine { get; }

    /// <summary>The guest vmspace ids in creation order.</summary>
    public IReadOnlyList<ulong> Ids { get; }

    /// <summary>Number of guest vmspaces.</summary>
    public int Guests => Ids.Count;

    /// <summary>The vkernel_proc: its <c>root</c> is the red-black tree of entries.</summary>
    public VkernelProc Vkernel => _td.lwp_proc.p_vkernel ?? throw new InvalidOperationException("the demo vkernel has exited");

    /// <summary>The entry of the <paramref name="i"/>-th guest (creation order).</summary>
    public VmspaceEntry Entry(int i) => Vkernel.root.RB_FIND(Ids[i]) ?? throw new ArgumentOutOfRangeException(nameof(i));

    /// <summary>Builds the vkernel with <paramref name="guests"/> guest vmspaces.</summary>
    public static DemoVkernel Build(ulong seed = 1, int guests = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(guests, 1);
        var m = new Machine(new MachineOptions { Seed = seed, VkernelEnable = 1 });
        var td = m.FindLwp((int)m.Fork(m.Init!).Value)!;
        int fd = (int)m.Open(td, "/var/vkernel/memimage", Fcntl.O_RDWR | Fcntl.O_CREAT, 0x180).Value;
        m.Ftruncate(td, fd, VkernelWorkload.GuestRam);
        var alloc = new GuestPmapIds(seed);
        var ids = new List<ulong>();
        for (int g = 0; g < guests; g++)
        {
            ulong id = alloc.Allocate();
            HostProtocol.cpu_vmspace_alloc(m, td, id, fd, HostProtocol.Master((ulong)(g + 1) << Param.PAGE_SHIFT), Require);
            ids.Add(id);
        }
        return new DemoVkernel(m, td, ids);
    }

    /// <summary>Exits the vkernel (every entry is deleted) and returns the census, which then has no vkernel left.</summary>
    public Census Exit()
    {
        if (!_td.Exited) Check(Machine.Exit(_td, 0), "exit");
        return Census.Take(Machine);
    }

    /// <summary>The hook for <see cref="HostProtocol"/>: a checked vkernel host call must succeed here.</summary>
    static void Require(HostCall c)
    {
        if (c.Checked && !c.Succeeded) Check(c.Result, c.What);
    }

    static void Check(SysResult r, string what)
    {
        if (!r.Ok) throw new InvalidOperationException($"demo vkernel: {what} = {r.Format()} instead of success");
    }
}
