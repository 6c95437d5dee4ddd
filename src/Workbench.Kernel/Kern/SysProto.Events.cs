// Not in the C: the guest and user events of the model as rows of the same table, so scripts, the fuzzer and the
// recorder read them like system calls. A guest event is what the emulated context does on a thread inside a
// vmspace (trap, fault, signal); a user access is the vkernel's own load or store outside any vmspace.
using static Workbench.Kernel.Kern.ArgFormat;

namespace Workbench.Kernel.Kern;

public static partial class SysProto
{
    /// <summary>Not in the C: the guest event "the emulated context raises trap <c>trapno</c>" (0 for a signal).</summary>
    [Syscall(Sysno.guest_trap, "guest_trap", Kind = CallKind.Guest)]
    public struct GuestTrapArgs : ISyscallArgs<GuestTrapArgs>
    {
        [Arg("int", Trap)] public int trapno;
        public long sysmsg_result;
        static int ISyscallArgs<GuestTrapArgs>.sy_call(Machine m, Lwp td, ref GuestTrapArgs uap) => m.guest_trap(td, uap.trapno);
    }

    /// <summary>Not in the C: the guest event "the emulated context loads or stores at <c>va</c>" (<c>access</c>: VM_PROT_READ, WRITE or EXECUTE).</summary>
    [Syscall(Sysno.guest_access, "guest_access", Kind = CallKind.Guest, Result = Trap)]
    public struct GuestAccessArgs : ISyscallArgs<GuestAccessArgs>
    {
        [Arg("vm_offset_t", Ptr)] public ulong va;
        [Arg("vm_prot_t", Access)] public int access;
        public long sysmsg_result;
        static int ISyscallArgs<GuestAccessArgs>.sy_call(Machine m, Lwp td, ref GuestAccessArgs uap) => m.guest_access(td, ref uap);
    }

    /// <summary>Not in the C: the guest event "signal <c>sig</c> reaches the process while the thread runs emulated code" (postsig).</summary>
    [Syscall(Sysno.guest_signal, "guest_signal", Kind = CallKind.Guest)]
    public struct GuestSignalArgs : ISyscallArgs<GuestSignalArgs>
    {
        [Arg("int", Signal)] public int sig;
        public long sysmsg_result;
        static int ISyscallArgs<GuestSignalArgs>.sy_call(Machine m, Lwp td, ref GuestSignalArgs uap) => m.guest_signal(td, uap.sig);
    }

    /// <summary>Not in the C: the vkernel stores the little-endian word <c>value</c> at <c>addr</c> of its own memory.</summary>
    [Syscall(Sysno.poke, "poke", Kind = CallKind.User)]
    public struct PokeArgs : ISyscallArgs<PokeArgs>
    {
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("uint64_t", Hex)] public ulong value;
        public long sysmsg_result;
        static int ISyscallArgs<PokeArgs>.sy_call(Machine m, Lwp td, ref PokeArgs uap) => m.UserStore(td, ref uap);
    }

    /// <summary>Not in the C: the vkernel loads the little-endian word at <c>addr</c> of its own memory.</summary>
    [Syscall(Sysno.peek, "peek", Kind = CallKind.User, Result = Hex)]
    public struct PeekArgs : ISyscallArgs<PeekArgs>
    {
        [Arg("void *", Ptr)] public ulong addr;
        public long sysmsg_result;
        static int ISyscallArgs<PeekArgs>.sy_call(Machine m, Lwp td, ref PeekArgs uap) => m.UserLoad(td, ref uap);
    }
}
