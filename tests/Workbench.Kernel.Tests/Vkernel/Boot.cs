// Test fixture: a machine with process 1 and helpers to put a thread inside a vmspace (frames and go_user through
// Workbench.Guest's HostProtocol).
using Workbench.Guest;
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
    public ulong Frames(Lwp? td = null) => HostProtocol.AllocFrames(M, td ?? Td, 1, Require);

    /// <summary>vmspace_create + go_user (VMSPACE_CTL_RUN) on <paramref name="td"/>: the thread is left inside.</summary>
    public void Enter(ulong id, Lwp? td = null, bool create = true)
    {
        td ??= Td;
        if (create) Assert.Equal(0, M.VmspaceCreate(td, id).Error);
        HostProtocol.go_user(M, td, id, Frames(td), Require);
        Assert.True(td.InVmspace);
    }

    /// <summary>The hook for the vkernel's host calls: each checked call must succeed.</summary>
    static void Require(HostCall c) => Assert.True(!c.Checked || c.Succeeded, $"{c.What} = {c.Result.Format()} instead of success");

    public void AssertInvariants()
    {
        var bad = Invariants.Check(M);
        Assert.True(bad.Count == 0, "invariants broken: " + string.Join("; ", bad));
    }

    public int Refs(ulong id) => Td.lwp_proc.p_vkernel!.root.RB_FIND(id)!.refs;
}
