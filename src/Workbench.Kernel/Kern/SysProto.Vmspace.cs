// Models sys/sys/sysproto.h (DragonFly a2ee730d): the argument structs of the eight VMSPACE system calls of
// sys/vm/vm_vmspace.c. Each struct is one row of the system call table (see Sysent): its fields, in order, are the
// argument registers; its sy_call names the twin. Adding a call: one struct here (or in SysProto.Host.cs) and its twin.
using static Workbench.Kernel.Kern.ArgFormat;

namespace Workbench.Kernel.Kern;

public static partial class SysProto
{
    /// <summary><c>struct vmspace_create_args</c>: <c>vmspace_create(void *id, int type, void *data)</c> (486).</summary>
    [Syscall(Sysno.vmspace_create, "vmspace_create")]
    public struct VmspaceCreateArgs : ISyscallArgs<VmspaceCreateArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("int", Int)] public int type;
        [Arg("void *", Int)] public ulong data;
        public long sysmsg_result;
        static int ISyscallArgs<VmspaceCreateArgs>.sy_call(Machine m, Lwp td, ref VmspaceCreateArgs uap) => m.Design.sys_vmspace_create(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_destroy_args</c>: <c>vmspace_destroy(void *id)</c> (487).</summary>
    [Syscall(Sysno.vmspace_destroy, "vmspace_destroy")]
    public struct VmspaceDestroyArgs : ISyscallArgs<VmspaceDestroyArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        public long sysmsg_result;
        static int ISyscallArgs<VmspaceDestroyArgs>.sy_call(Machine m, Lwp td, ref VmspaceDestroyArgs uap) => m.Design.sys_vmspace_destroy(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_ctl_args</c>: <c>vmspace_ctl(void *id, int cmd, struct trapframe *tframe, struct vextframe *vframe)</c> (488).</summary>
    [Syscall(Sysno.vmspace_ctl, "vmspace_ctl")]
    public struct VmspaceCtlArgs : ISyscallArgs<VmspaceCtlArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("int", Cmd)] public int cmd;
        [Arg("struct trapframe *", Ptr)] public ulong tframe;
        [Arg("struct vextframe *", Ptr)] public ulong vframe;
        public long sysmsg_result;
        static int ISyscallArgs<VmspaceCtlArgs>.sy_call(Machine m, Lwp td, ref VmspaceCtlArgs uap) => m.Design.sys_vmspace_ctl(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_mmap_args</c>: <c>vmspace_mmap(void *id, void *addr, size_t len, int prot, int flags, int fd, off_t offset)</c> (489).</summary>
    [Syscall(Sysno.vmspace_mmap, "vmspace_mmap", Result = Hex)]
    public struct VmspaceMmapArgs : ISyscallArgs<VmspaceMmapArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        [Arg("int", Prot)] public int prot;
        [Arg("int", MapFlags)] public int flags;
        [Arg("int", Int)] public int fd;
        [Arg("off_t", Hex)] public long offset;
        public long sysmsg_result;
        static int ISyscallArgs<VmspaceMmapArgs>.sy_call(Machine m, Lwp td, ref VmspaceMmapArgs uap) => m.Design.sys_vmspace_mmap(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_munmap_args</c>: <c>vmspace_munmap(void *id, void *addr, size_t len)</c> (490).</summary>
    [Syscall(Sysno.vmspace_munmap, "vmspace_munmap")]
    public struct VmspaceMunmapArgs : ISyscallArgs<VmspaceMunmapArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        public long sysmsg_result;
        static int ISyscallArgs<VmspaceMunmapArgs>.sy_call(Machine m, Lwp td, ref VmspaceMunmapArgs uap) => m.Design.sys_vmspace_munmap(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_mcontrol_args</c>: <c>vmspace_mcontrol(void *id, void *addr, size_t len, int behav, off_t value)</c> (491).</summary>
    [Syscall(Sysno.vmspace_mcontrol, "vmspace_mcontrol")]
    public struct VmspaceMcontrolArgs : ISyscallArgs<VmspaceMcontrolArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        [Arg("int", Madv)] public int behav;
        [Arg("off_t", Hex)] public long value;
        public long sysmsg_result;
        static int ISyscallArgs<VmspaceMcontrolArgs>.sy_call(Machine m, Lwp td, ref VmspaceMcontrolArgs uap) => m.Design.sys_vmspace_mcontrol(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_pread_args</c>: <c>vmspace_pread(void *id, void *buf, size_t nbyte, int flags, off_t offset)</c> (492).</summary>
    [Syscall(Sysno.vmspace_pread, "vmspace_pread")]
    public struct VmspacePreadArgs : ISyscallArgs<VmspacePreadArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("void *", Ptr)] public ulong buf;
        [Arg("size_t", Hex)] public ulong nbyte;
        [Arg("int", Int)] public int flags;
        [Arg("off_t", Hex)] public long offset;
        public long sysmsg_result;
        static int ISyscallArgs<VmspacePreadArgs>.sy_call(Machine m, Lwp td, ref VmspacePreadArgs uap) => m.Design.sys_vmspace_pread(m, td, ref uap);
    }

    /// <summary><c>struct vmspace_pwrite_args</c>: <c>vmspace_pwrite(void *id, const void *buf, size_t nbyte, int flags, off_t offset)</c> (493).</summary>
    [Syscall(Sysno.vmspace_pwrite, "vmspace_pwrite")]
    public struct VmspacePwriteArgs : ISyscallArgs<VmspacePwriteArgs>
    {
        [Arg("void *", Ptr)] public ulong id;
        [Arg("const void *", Ptr)] public ulong buf;
        [Arg("size_t", Hex)] public ulong nbyte;
        [Arg("int", Int)] public int flags;
        [Arg("off_t", Hex)] public long offset;
        public long sysmsg_result;
        static int ISyscallArgs<VmspacePwriteArgs>.sy_call(Machine m, Lwp td, ref VmspacePwriteArgs uap) => m.Design.sys_vmspace_pwrite(m, td, ref uap);
    }
}
