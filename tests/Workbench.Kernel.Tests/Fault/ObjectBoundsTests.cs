// The size of an object bounds every fault in it (vm_fault_object: "If the page is beyond the object size we fail"),
// and shrinking the memory-image file takes its pages and their translations with it (vnode_pager_setsize ->
// vm_object_page_remove -> pmap_remove_all). Spec §4.5; datasets/scenarios/fault_pindex_bound.scn and
// ftruncate_pmap_remove.scn replay the same rules.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;
using static Workbench.Kernel.Tests.Fault.FaultKit;

namespace Workbench.Kernel.Tests.Fault;

public class ObjectBoundsTests
{
    //  guest  0x0     0x3000  0x4000         0x8000
    //         [ anonymous VPAGETABLE entry: object pages 0..7 ]
    //  PS master frame 4:  guest page n -> object page n + 4
    //         [p4 ... p7 ][p8 = size: fails ... p11]
    [Fact]
    public void a_page_index_at_or_beyond_the_size_of_an_anonymous_object_fails_the_fault_and_is_reflected()
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1 });
        var td = m.Init!;
        ulong frames = (ulong)Ok(m.Mmap(td, 0, 0x2000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE));
        Ok(m.VmspaceCreate(td, Id));
        Ok(m.VmspaceMmap(td, Id, 0, 0x8000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED | MAP_VPAGETABLE | MAP_FIXED, -1, 0));
        Ok(m.VmspaceMcontrol(td, Id, 0, 0x8000, MADV_SETMAP, (long)(0x4000 | VPTE_PS | RWV)));
        Assert.Equal(Errno.EJUSTRETURN, m.VmspaceCtl(td, Id, VMSPACE_CTL_RUN, frames, frames + 0x1000).Error);
        Assert.Equal(0, Ok(m.GuestAccess(td, 0x3000, READ)));            // object page 7: the last one
        long resident = Census.Take(m).ResidentPages;
        Assert.Equal(T_PAGEFLT, Ok(m.GuestAccess(td, 0x4000, READ)));    // object page 8 = its size
        Assert.False(td.InVmspace);
        Assert.Equal(0x4000UL, (ulong)Ok(m.Peek(td, frames + Trapframe.tf_addr * 8)));
        Assert.Equal(resident, Census.Take(m).ResidentPages);           // nothing was allocated past the end
        Assert.Empty(Invariants.Check(m));
    }

    //  file   0x0  ..  0x3000 tables | 0x10000 data page | ... 0x400000
    //  ftruncate(0x10000):           [ gone, with every translation to it ]
    [Fact]
    public void ftruncate_shrinking_the_memory_image_removes_its_pages_and_their_translations_so_a_later_access_faults()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        k.Poke(0x10000, 0x1234);
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        Assert.True(k.Vms.vm_pmap.pmap_extract(GuestVa, out _));
        Assert.Equal(0, k.M.GuestTrap(k.Cpu, T_FAST_SYSCALL).Error);

        Ok(k.M.Ftruncate(k.Vk0, k.Fd, 0x10000));
        Assert.False(k.Vms.vm_pmap.pmap_extract(GuestVa, out _), "the guest's translation of the freed page survived");
        Assert.False(k.Vk0.lwp_vmspace.vm_pmap.pmap_extract(Dmap + 0x10000, out _), "the DMAP window's translation survived");
        Assert.Equal(Errno.EFAULT, k.M.Peek(k.Vk0, Dmap + 0x10000).Error);   // faults again, beyond the end of file
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, READ));
        Assert.Equal(Pt, k.Peek(Pd + 2 * 8) & ~0xfffUL);                      // the tables below the new end stay
        k.AssertInvariants();
    }
}
