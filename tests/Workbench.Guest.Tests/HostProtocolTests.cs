// The vkernel's host-side protocol written once (HostProtocol) and the fuzzer's low-pages layouts (GuestLayout):
// the calls each piece makes, in order, what counts as success, and what a failure does by default (spec §6.2-§6.5).
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest.Tests;

public class HostProtocolTests
{
    const ulong Id = 0x8000400a28UL;

    static (Machine M, Lwp Td, int Fd, ulong Frames, List<HostCall> Calls) Setup()
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1 });
        var td = m.Init!;
        int fd = (int)m.Open(td, "/var/vkernel/memimg.000", Fcntl.O_RDWR | Fcntl.O_CREAT, 0x1a4).Value;
        Assert.True(m.Ftruncate(td, fd, 0x40_0000).Ok);
        var calls = new List<HostCall>();
        ulong frames = HostProtocol.AllocFrames(m, td, 1, calls.Add);
        return (m, td, fd, frames, calls);
    }

    static void AssertExitsClean(Machine m)
    {
        Assert.True(m.Exit(m.Init!, 0).Ok);
        Assert.True(Census.Take(m).IsEmpty, Census.Take(m).ToString());
    }

    [Fact]
    public void cpu_vmspace_alloc_makes_create_mmap_NOSYNC_and_SETMAP_in_that_order_and_leaves_NOSYNC_unchecked()
    {
        var (m, td, fd, _, calls) = Setup();
        HostProtocol.cpu_vmspace_alloc(m, td, Id, fd, HostProtocol.Master(0x1000), calls.Add);
        Assert.Equal(["mmap(0x0, frames)", "vmspace_create(0x8000400a28)", "vmspace_mmap(0x8000400a28)",
            "vmspace_mcontrol(0x8000400a28, MADV_NOSYNC)", "vmspace_mcontrol(0x8000400a28, MADV_SETMAP)"], calls.Select(c => c.What));
        Assert.Equal([true, true, true, false, true], calls.Select(c => c.Checked));
        Assert.All(calls, c => Assert.True(c.Succeeded, c.What));
        var ve = td.lwp_proc.p_vkernel!.root.RB_FIND(Id)!;
        var entry = Assert.Single(ve.vmspace!.vm_map.entries);
        Assert.Equal((0UL, HostProtocol.UserSize, VM_MAPTYPE_VPAGETABLE), (entry.start, entry.end, entry.maptype));
        Assert.Equal(0x1000 | VPTE_R | VPTE_W | VPTE_V, entry.master_pde);
        AssertExitsClean(m);
    }

    [Fact]
    public void go_user_succeeds_with_EJUSTRETURN_and_user_trap_reads_the_trapno_the_host_copied_out()
    {
        var (m, td, fd, frames, calls) = Setup();
        HostProtocol.cpu_vmspace_alloc(m, td, Id, fd, HostProtocol.Master(0x1000));
        var r = HostProtocol.go_user(m, td, Id, frames, calls.Add);
        Assert.Equal(Errno.EJUSTRETURN, r.Error);
        Assert.True(calls[^1].Succeeded, "EJUSTRETURN is how vmspace_ctl(RUN) succeeds");
        Assert.True(td.InVmspace);
        Assert.True(m.GuestTrap(td, T_FAST_SYSCALL).Ok);
        Assert.Equal((ulong)T_FAST_SYSCALL, HostProtocol.TrapframeWord(m, td, frames, Trapframe.tf_trapno));
        AssertExitsClean(m);
    }

    [Fact]
    public void a_checked_call_that_fails_is_a_vkernel_panic_by_default_naming_the_call_and_errno()
    {
        var (m, td, _, frames, _) = Setup();
        var e = Assert.Throws<VkernelPanicException>(() => HostProtocol.go_user(m, td, 0x1000, frames));
        Assert.Contains("vmspace_ctl(0x1000, RUN) = ", e.Message);
        Assert.Contains("EINVAL", e.Message);                     // no vkernel_proc yet: EINVAL
        AssertExitsClean(m);
    }

    [Fact]
    public void cpu_vmspace_free_returns_EBUSY_unchecked_while_another_cpu_runs_in_the_vmspace()
    {
        var (m, td, fd, frames, calls) = Setup();
        HostProtocol.cpu_vmspace_alloc(m, td, Id, fd, HostProtocol.Master(0x1000));
        var cpu1 = m.FindLwp((int)m.LwpCreate(td).Value)!;
        HostProtocol.go_user(m, cpu1, Id, frames);
        Assert.Equal(Errno.EBUSY, HostProtocol.cpu_vmspace_free(m, td, Id, calls.Add).Error);
        Assert.False(calls[^1].Checked);
        Assert.True(m.GuestTrap(cpu1, 0).Ok);
        HostProtocol.pmap_inval_cpu(m, td, Id, 0x400000, Param.PAGE_SIZE);
        Assert.True(HostProtocol.cpu_vmspace_free(m, td, Id).Ok);
        AssertExitsClean(m);
    }

    [Fact]
    public void the_NORMAL_low_pages_layout_is_one_anonymous_vmspace_mmap_and_never_asks_for_a_master_page()
    {
        var calls = GuestLayout.LowPages(Id, vpagetable: false, () => throw new InvalidOperationException("asked")).ToList();
        var mmap = Assert.Single(calls);
        Assert.Equal("vmspace_mmap", mmap.Name);
        Assert.Equal([(long)Id, 0, 0x10000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0], mmap.Args);
    }

    [Fact]
    public void the_VPAGETABLE_low_pages_layout_asks_for_its_linear_master_page_only_when_the_SETMAP_is_reached()
    {
        int asked = 0;
        using var e = GuestLayout.LowPages(Id, vpagetable: true, () => { asked++; return 0x3000; }).GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(MAP_ANON | MAP_PRIVATE | MAP_FIXED | MAP_VPAGETABLE, e.Current.Args[4]);
        Assert.Equal(0, asked);
        Assert.True(e.MoveNext());
        Assert.Equal(1, asked);
        Assert.Equal("vmspace_mcontrol(0x8000400a28, 0x0, 0x10000, 0xb, 0x300f)", e.Current.ToString());
        Assert.False(e.MoveNext());
    }
}
