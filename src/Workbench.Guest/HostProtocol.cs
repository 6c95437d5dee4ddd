// Models the host side of sys/platform/vkernel64 (2012, spec §6.2, §6.3, §6.5): the host system calls a vkernel
// makes to give a guest process its own vmspace (cpu_vmspace_alloc / cpu_vmspace_free), to run in it (go_user:
// vmspace_ctl(VMSPACE_CTL_RUN) with a trapframe and vextframe in vkernel memory), to read why it came back
// (user_trap: the trapframe the host copied out) and to invalidate a changed vpte (pmap_inval_cpu: MADV_INVAL).
// Written once, here: the simulated Vkernel, the workload generator, the benchmarks and the test fixtures all call
// these. Faithful to the order and arguments of the 2012 calls; the caller's hook decides what a failure means.
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest;

/// <summary>The vkernel's host-side protocol, one static method per piece of vkernel64 platform code. Each drives the
/// host only through the public <see cref="Machine"/> entry points, on the vkernel thread <c>td</c>, and reports every
/// call to a hook (default <see cref="HostCall.PanicOnFailure"/>). Stateless; thread-safe as far as the machine is.</summary>
public static class HostProtocol
{
    /// <summary>Bytes of vkernel memory per CPU for go_user: the trapframe page, then the vextframe page.</summary>
    public const ulong FrameBytes = 2 * Param.PAGE_SIZE;

    /// <summary>The guest user range each guest vmspace maps (VM_MAX_USER_ADDRESS).</summary>
    public const ulong UserSize = Param.VM_MAX_USER_ADDRESS;

    /// <summary>The SETMAP value of a guest pmap: its PML4 page with <c>VPTE_R | VPTE_W | VPTE_V</c> (pmap_pinit).</summary>
    public static ulong Master(ulong pml4) => pml4 | VPTE_R | VPTE_W | VPTE_V;

    /// <summary>Not in the C: the per-CPU frame pages (<paramref name="cpus"/> × <see cref="FrameBytes"/>, anonymous,
    /// private) that go_user hands to vmspace_ctl. Returns their address (0 when the hook let a failure pass).</summary>
    public static ulong AllocFrames(Machine m, Lwp td, int cpus, Action<HostCall>? hook = null)
    {
        var r = m.Mmap(td, 0, (ulong)cpus * FrameBytes, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE);
        (hook ?? HostCall.PanicOnFailure)(new HostCall("mmap", 0, "frames", r, Checked: true));
        return r.Ok ? (ulong)r.Value : 0;
    }

    /// <summary><c>cpu_vmspace_alloc(struct vmspace *vm)</c>: vmspace_create(id), one MAP_VPAGETABLE mapping of the
    /// whole user range over the memory image <paramref name="memFd"/> (file offset 0), MADV_NOSYNC (its result
    /// ignored, as the vkernel does) and MADV_SETMAP with <paramref name="master"/> (normally
    /// <see cref="Master"/> of the guest's PML4 page; fixtures may pass any value).</summary>
    public static void cpu_vmspace_alloc(Machine m, Lwp td, ulong id, int memFd, ulong master, Action<HostCall>? hook = null)
    {
        hook ??= HostCall.PanicOnFailure;
        hook(new HostCall("vmspace_create", id, null, m.VmspaceCreate(td, id), Checked: true));
        hook(new HostCall("vmspace_mmap", id, null, m.VmspaceMmap(td, id, 0, UserSize, PROT_READ | PROT_WRITE,
            MAP_FILE | MAP_SHARED | MAP_VPAGETABLE | MAP_FIXED, memFd, 0), Checked: true));
        hook(new HostCall("vmspace_mcontrol", id, "MADV_NOSYNC",
            m.VmspaceMcontrol(td, id, 0, UserSize, MADV_NOSYNC), Checked: false));
        hook(new HostCall("vmspace_mcontrol", id, "MADV_SETMAP",
            m.VmspaceMcontrol(td, id, 0, UserSize, MADV_SETMAP, (long)master), Checked: true));
    }

    /// <summary><c>go_user(struct intrframe *frame)</c>: <c>vmspace_ctl(id, VMSPACE_CTL_RUN, tf, &amp;td-&gt;td_savevext)</c>
    /// with the trapframe at <paramref name="frame"/> and the vextframe on the next page. Success is EJUSTRETURN:
    /// <paramref name="td"/> is then inside the vmspace until a guest event brings it back.</summary>
    public static SysResult go_user(Machine m, Lwp td, ulong id, ulong frame, Action<HostCall>? hook = null)
    {
        var r = m.VmspaceCtl(td, id, VMSPACE_CTL_RUN, frame, frame + Param.PAGE_SIZE);
        (hook ?? HostCall.PanicOnFailure)(new HostCall("vmspace_ctl", id, "RUN", r, Checked: true));
        return r;
    }

    /// <summary>The part of <c>user_trap</c> that reads why the guest came back: word <paramref name="field"/> (a
    /// <see cref="Trapframe"/> index: tf_trapno, tf_addr, tf_err ...) of the trapframe at <paramref name="frame"/>,
    /// loaded by the vkernel thread <paramref name="td"/> from its own memory. A faulting load is a vkernel panic.</summary>
    public static ulong TrapframeWord(Machine m, Lwp td, ulong frame, int field)
    {
        var r = m.Peek(td, frame + (ulong)field * 8);
        if (!r.Ok) throw new VkernelPanicException($"user_trap: trapframe load at 0x{frame:x} faulted: {r.Format()}");
        return (ulong)r.Value;
    }

    /// <summary><c>pmap_inval_cpu(struct pmap *pmap, vm_offset_t va, size_t bytes)</c> (pmap_inval.c) for a guest
    /// user pmap, the host call behind pmap_inval_pte / pmap_inval_pde / pmap_inval_loadandclear:
    /// <c>vmspace_mcontrol(id, va, bytes, MADV_INVAL, 0)</c>, one page for a pte, a segment for a pde.</summary>
    public static void pmap_inval_cpu(Machine m, Lwp td, ulong id, ulong va, ulong bytes, Action<HostCall>? hook = null)
    {
        var r = m.VmspaceMcontrol(td, id, va, bytes, MADV_INVAL);
        (hook ?? HostCall.PanicOnFailure)(new HostCall("vmspace_mcontrol", id, "MADV_INVAL", r, Checked: true));
    }

    /// <summary><c>cpu_vmspace_free(struct vmspace *vm)</c>: vmspace_destroy(id). Reported unchecked and returned:
    /// the 2012 vkernel panics on any error, including the EBUSY of another CPU still inside (spec §7 B4); a caller
    /// that models surviving that window decides itself.</summary>
    public static SysResult cpu_vmspace_free(Machine m, Lwp td, ulong id, Action<HostCall>? hook = null)
    {
        var r = m.VmspaceDestroy(td, id);
        (hook ?? HostCall.PanicOnFailure)(new HostCall("vmspace_destroy", id, null, r, Checked: false));
        return r;
    }
}
