// Guest events: what the emulated context on a thread inside a vmspace does. Models the trap()/trap_pfault()/
// syscall2()/postsig() paths of sys/platform/pc64/x86_64/trap.c and kern_sig.c (a2ee730d): a page fault the host
// resolves with vm_fault (spec §4), and everything else that calls vkernel_trap (spec §3.4). Also the vkernel's own
// user-mode loads and stores (poke/peek), which reach the kernel only when they fault.
// Simplified: the event names the access or trap; no instruction is emulated; a guest access covers one page.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using Workbench.Kernel.Sched;
using static Workbench.Kernel.Sys.Kassert;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary>What the last vm_fault did in a virtual page table (instrumented).</summary>
    public VpteWalk LastWalk { get; internal set; }

    /// <summary>Opt-in per-fault log: set it to a list and every guest page fault appends a <see cref="FaultRecord"/>
    /// (TLB hits are not faults and are only counted in <see cref="KernelCounters.TlbHits"/>).</summary>
    public List<FaultRecord>? FaultLog { get; set; }

    /// <summary>A guest event on <paramref name="td"/>, which must be running emulated code. Passes the same observers
    /// as system calls. For guest_trap and guest_signal the result is what the vkernel's pending vmspace_ctl returns:
    /// 0, or -1 EFAULT; or EJUSTRETURN for a trap the host handles itself (the thread stays inside). For guest_access: 0 when the host resolved the access (the thread stays inside),
    /// T_PAGEFLT (12) when the fault was reflected and vmspace_ctl returned 0, -1 EFAULT when the copy-out failed.</summary>
    public SysResult GuestEvent(Lwp td, in SyscallRequest ev)
    {
        var sysent = ev.Entry;
        KKASSERT(sysent.Kind == CallKind.Guest, $"guest event: {sysent.Name} is not a guest event");
        KKASSERT(!td.Exited, $"guest event: {td} has exited");
        KKASSERT(CurrentCall is null, "guest event: inside a system call");
        KKASSERT(td.InVmspace, $"guest event: {td} is not running in a vmspace");
        return Run(td, ev, sysent, observed: true);
    }

    /// <summary>The emulated context raises trap <paramref name="trapno"/>: a CPU exception that would signal
    /// (trap() intercept), a syscall instruction (T_FAST_SYSCALL / T_SYSCALL80, intercepted at syscall2 entry), or
    /// trapno 0 for a signal (postsig): the host sets tf_trapno and calls vkernel_trap instead of delivering anything
    /// to the emulated context. Two traps stay in the host (trap.c's user-mode switch): T_DNA reaches the vkernel
    /// only when the frame it installed asked for it (PGEX_FPFAULT, recorded as FP_VIRTFP by set_vkernel_fp);
    /// otherwise npxdna() restores the FP state and the emulated context runs on. T_ASTFLT (a host reschedule)
    /// goes straight to userret. Both return EJUSTRETURN: the frame is untouched and the thread stays inside the
    /// vmspace, as after a successful VMSPACE_CTL_RUN (npxdna is taken to succeed: every pc64 CPU has an FPU).</summary>
    internal int guest_trap(Lwp lp, int trapno)
    {
        if (trapno == Vk.T_ASTFLT || (trapno == Vk.T_DNA && !lp.pcb_virtfp))
            return Errno.EJUSTRETURN;
        lp.Frame[Trapframe.tf_trapno] = (ulong)trapno;
        return Design.vkernel_trap(this, lp, lp.Frame);
    }

    /// <summary><c>postsig</c> while the LWP runs emulated code: tf_trapno = 0, vkernel_trap, and then the signal is
    /// delivered on the vkernel's restored frame (handlers are not modelled). A number outside 1..NSIG-1 is EINVAL
    /// and nothing happens (the thread stays inside).</summary>
    internal int guest_signal(Lwp lp, int sig)
    {
        if (sig <= 0 || sig >= Sig.NSIG) return Errno.EINVAL;
        Counters.GuestSignals++;
        return guest_trap(lp, 0);
    }

    /// <summary>A load or store by the emulated context at <paramref name="va"/> (<paramref name="access"/>:
    /// VM_PROT_READ, VM_PROT_WRITE, VM_PROT_EXECUTE = a read). A translation that allows it is a TLB hit. Otherwise
    /// <c>trap_pfault</c> runs <c>vm_fault</c> on the LWP's current vmspace (ve->vmspace): on success the access
    /// completes inside; on failure <c>trap()</c> computes the signal but, the LWP being emulated, sets T_PAGEFLT,
    /// tf_addr and tf_err and calls vkernel_trap instead (spec §3.4, §4). No requirements.</summary>
    internal int guest_access(Lwp lp, ref SysProto.GuestAccessArgs uap)
    {
        ulong va = uap.va;
        int access = uap.access;
        Counters.GuestAccesses++;
        bool write = (access & Mman.VM_PROT_WRITE) != 0;
        var vm = lp.lwp_vmspace;
        bool present = vm.vm_pmap.pmap_extract(va, out var pte);
        if (present && (!write || pte.Writable) && va < Param.VM_MAX_USER_ADDRESS)
        {
            Counters.TlbHits++;
            return 0;
        }
        // trap_pfault: a user address faults in the current vmspace; a kernel address from user mode fails at once.
        int kr = va < Param.VM_MAX_USER_ADDRESS
            ? vm.vm_map.vm_fault(va, write ? Mman.VM_PROT_WRITE : Mman.VM_PROT_READ)
            : Mman.KERN_INVALID_ADDRESS;
        var walk = va < Param.VM_MAX_USER_ADDRESS ? LastWalk : default;
        if (kr == Mman.KERN_SUCCESS)
        {
            Counters.FaultsResolved++;
            LogFault(lp, vm, va, write, present, FaultOutcome.Resolved, walk, 0);
            return 0;
        }
        // The failed fault would be SIGSEGV (SIGBUS for KERN_PROTECTION_FAILURE); the trap() intercept hands the
        // fault to the vkernel instead and posts no signal.
        int err = Vk.PGEX_U | (write ? Vk.PGEX_W : 0) | (present ? Vk.PGEX_P : 0);
        lp.Frame[Trapframe.tf_trapno] = Vk.T_PAGEFLT;
        lp.Frame[Trapframe.tf_addr] = va;
        lp.Frame[Trapframe.tf_err] = (ulong)err;
        Counters.FaultsReflected++;
        var outcome = kr switch
        {
            Mman.KERN_PROTECTION_FAILURE => FaultOutcome.ProtectionFailure,
            Mman.KERN_INVALID_ADDRESS => FaultOutcome.InvalidAddress,
            _ => FaultOutcome.WalkFailed,
        };
        LogFault(lp, vm, va, write, present, outcome, walk, err);
        int error = Design.vkernel_trap(this, lp, lp.Frame);
        if (error == 0) uap.sysmsg_result = Vk.T_PAGEFLT;
        return error;
    }

    void LogFault(Lwp lp, VmSpace vm, ulong va, bool write, bool present, FaultOutcome outcome, VpteWalk walk, int err) =>
        FaultLog?.Add(new FaultRecord(CurrentCall?.Seq ?? 0, Tick, lp.lwp_tid, vm.Id, va, write, present, outcome, walk,
            vm.vm_pmap.ResidentCount, err));

    /// <summary>A user-mode load or store of the vkernel (a thread not inside a vmspace) in its own address space:
    /// <c>poke(va, value)</c> stores a little-endian 64-bit word, <c>peek(va)</c> loads one. It is not a system call:
    /// it reaches the kernel only through the page faults it takes (vm_fault on the process's own map; a failure
    /// is SIGSEGV/SIGBUS, reported here as EFAULT). Observers are not called; <see cref="LastCall"/> is set.</summary>
    public SysResult UserEvent(Lwp td, in SyscallRequest ev)
    {
        var sysent = ev.Entry;
        KKASSERT(sysent.Kind == CallKind.User, $"user access: {sysent.Name} is not a user access");
        KKASSERT(!td.Exited, $"user access: {td} has exited");
        KKASSERT(CurrentCall is null, "user access: inside a system call");
        KKASSERT(!td.InVmspace, $"user access: {td} is running emulated code; use a guest event");
        Counters.UserAccesses++;
        return Run(td, ev, sysent, observed: false);
    }

    /// <summary>Not in the C: the vkernel's store of <c>uap.value</c> at <c>uap.addr</c> (poke), through user_copy.</summary>
    internal int UserStore(Lwp td, ref SysProto.PokeArgs uap)
    {
        Span<byte> word = stackalloc byte[sizeof(ulong)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(word, uap.value);
        AtomicStep("poke: store", SchedObj.Page, 0); // a plain user-mode store: no host lock (spec §4.6)
        return VmCopy.user_copy(td.lwp_vmspace, uap.addr, word, write: true, "poke: vm_fault");
    }

    /// <summary>Not in the C: the vkernel's load of the word at <c>uap.addr</c> (peek), through user_copy.</summary>
    internal int UserLoad(Lwp td, ref SysProto.PeekArgs uap)
    {
        Span<byte> word = stackalloc byte[sizeof(ulong)];
        AtomicStep("peek: load", SchedObj.Page, 0); // a plain user-mode load
        int error = VmCopy.user_copy(td.lwp_vmspace, uap.addr, word, write: false, "peek: vm_fault");
        if (error == 0) uap.sysmsg_result = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(word);
        return error;
    }
}
