// Test fixture: a machine with process 1 and helpers to put a thread inside a vmspace.
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Tests.Vkernel;

sealed class Boot
{
    public readonly Machine M;
    public readonly Lwp Td;

    public Boot(int vkernelEnable = 1)
    {
        M = CensusCheckAttribute.Track(new Machine(new MachineOptions { VkernelEnable = vkernelEnable }));
        Td = M.Init!;
    }

    /// <summary>Two anonymous rw pages in the caller's own address space: a trapframe at the first, a vextframe at +0x1000.</summary>
    public ulong Frames(Lwp? td = null)
    {
        var r = M.Mmap(td ?? Td, 0, 0x2000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE);
        Assert.True(r.Ok, $"mmap for frames failed: {r.Format()}");
        return (ulong)r.Value;
    }

    /// <summary>vmspace_create + VMSPACE_CTL_RUN on <paramref name="td"/>: the thread is left inside the vmspace.</summary>
    public void Enter(ulong id, Lwp? td = null, bool create = true)
    {
        td ??= Td;
        if (create) Assert.Equal(0, M.VmspaceCreate(td, id).Error);
        ulong f = Frames(td);
        Assert.Equal(Workbench.Kernel.Sys.Errno.EJUSTRETURN, M.VmspaceCtl(td, id, VMSPACE_CTL_RUN, f, f + 0x1000).Error);
        Assert.True(td.InVmspace);
    }

    public void AssertInvariants()
    {
        var bad = Invariants.Check(M);
        Assert.True(bad.Count == 0, "invariants broken: " + string.Join("; ", bad));
    }

    public int Refs(ulong id) => Td.lwp_proc.p_vkernel!.root.RB_FIND(id)!.refs;
}
