// Models sys/sys/sysproto.h (DragonFly a2ee730d): the argument structs of the host system calls the model answers
// on the caller's own address space and process (mmap, madvise, mcontrol, open, fork, exec, exit, LWPs, sysctl).
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Kern.ArgFormat;

namespace Workbench.Kernel.Kern;

public static partial class SysProto
{
    /// <summary><c>struct sysctl_args</c> (202), simplified to one integer value: <c>sysctl(name, newval)</c>; <c>newlen</c> is 8 when a new value is given (a set), else 0 (a read).</summary>
    [Syscall(Sysno.__sysctl, "sysctl")]
    public struct SysctlArgs : ISyscallArgs<SysctlArgs>
    {
        [Arg("char *", Str)] public string? name;
        [Arg("long", Int, Optional = true)] public long newval;
        [Arg("size_t", Int, SizeOf = nameof(newval))] public long newlen;
        public long sysmsg_result;
        static int ISyscallArgs<SysctlArgs>.sy_call(Machine m, Lwp td, ref SysctlArgs uap) => m.sys_sysctl(td, ref uap);
    }

    /// <summary><c>struct mmap_args</c>: <c>mmap(caddr_t addr, size_t len, int prot, int flags, int fd, off_t pos)</c> (197; the <c>pad</c> word is left out).</summary>
    [Syscall(Sysno.mmap, "mmap", Result = Hex)]
    public struct MmapArgs : ISyscallArgs<MmapArgs>
    {
        [Arg("caddr_t", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        [Arg("int", Prot)] public int prot;
        [Arg("int", MapFlags)] public int flags;
        [Arg("int", Int)] public int fd;
        [Arg("off_t", Hex)] public long pos;
        public long sysmsg_result;
        static int ISyscallArgs<MmapArgs>.sy_call(Machine m, Lwp td, ref MmapArgs uap) => VmMmap.sys_mmap(m, td, ref uap);
    }

    /// <summary><c>struct munmap_args</c>: <c>munmap(void *addr, size_t len)</c> (73).</summary>
    [Syscall(Sysno.munmap, "munmap")]
    public struct MunmapArgs : ISyscallArgs<MunmapArgs>
    {
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        public long sysmsg_result;
        static int ISyscallArgs<MunmapArgs>.sy_call(Machine m, Lwp td, ref MunmapArgs uap) => VmMmap.sys_munmap(m, td, ref uap);
    }

    /// <summary><c>struct madvise_args</c>: <c>madvise(void *addr, size_t len, int behav)</c> (75).</summary>
    [Syscall(Sysno.madvise, "madvise")]
    public struct MadviseArgs : ISyscallArgs<MadviseArgs>
    {
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        [Arg("int", Madv)] public int behav;
        public long sysmsg_result;
        static int ISyscallArgs<MadviseArgs>.sy_call(Machine m, Lwp td, ref MadviseArgs uap) => VmMmap.sys_madvise(m, td, ref uap);
    }

    /// <summary><c>struct mcontrol_args</c>: <c>mcontrol(void *addr, size_t len, int behav, off_t value)</c> (485).</summary>
    [Syscall(Sysno.mcontrol, "mcontrol")]
    public struct McontrolArgs : ISyscallArgs<McontrolArgs>
    {
        [Arg("void *", Ptr)] public ulong addr;
        [Arg("size_t", Hex)] public ulong len;
        [Arg("int", Madv)] public int behav;
        [Arg("off_t", Hex)] public long value;
        public long sysmsg_result;
        static int ISyscallArgs<McontrolArgs>.sy_call(Machine m, Lwp td, ref McontrolArgs uap) => VmMmap.sys_mcontrol(m, td, ref uap);
    }

    /// <summary><c>struct open_args</c>: <c>open(char *path, int flags, int mode)</c> (5).</summary>
    [Syscall(Sysno.open, "open")]
    public struct OpenArgs : ISyscallArgs<OpenArgs>
    {
        [Arg("char *", Str)] public string? path;
        [Arg("int", OFlags)] public int flags;
        [Arg("int", Int, Optional = true)] public int mode;
        public long sysmsg_result;
        static int ISyscallArgs<OpenArgs>.sy_call(Machine m, Lwp td, ref OpenArgs uap) => m.sys_open(td, ref uap);
    }

    /// <summary><c>struct ftruncate_args</c>: <c>ftruncate(int fd, off_t length)</c> (201; the <c>pad</c> word is left out).</summary>
    [Syscall(Sysno.ftruncate, "ftruncate")]
    public struct FtruncateArgs : ISyscallArgs<FtruncateArgs>
    {
        [Arg("int", Int)] public int fd;
        [Arg("off_t", Hex)] public long length;
        public long sysmsg_result;
        static int ISyscallArgs<FtruncateArgs>.sy_call(Machine m, Lwp td, ref FtruncateArgs uap) => m.sys_ftruncate(td, ref uap);
    }

    /// <summary><c>struct close_args</c>: <c>close(int fd)</c> (6).</summary>
    [Syscall(Sysno.close, "close")]
    public struct CloseArgs : ISyscallArgs<CloseArgs>
    {
        [Arg("int", Int)] public int fd;
        public long sysmsg_result;
        static int ISyscallArgs<CloseArgs>.sy_call(Machine m, Lwp td, ref CloseArgs uap) => m.sys_close(td, ref uap);
    }

    /// <summary><c>struct fork_args</c>: <c>fork(void)</c> (2).</summary>
    [Syscall(Sysno.fork, "fork")]
    public struct ForkArgs : ISyscallArgs<ForkArgs>
    {
        public long sysmsg_result;
        static int ISyscallArgs<ForkArgs>.sy_call(Machine m, Lwp td, ref ForkArgs uap) => m.sys_fork(td, ref uap);
    }

    /// <summary><c>struct execve_args</c>: <c>execve(char *fname, char **argv, char **envv)</c> (59; argv and envv are not read).</summary>
    [Syscall(Sysno.execve, "execve")]
    public struct ExecveArgs : ISyscallArgs<ExecveArgs>
    {
        [Arg("char *", Str)] public string? fname;
        [Arg("char **", Ptr, Optional = true)] public ulong argv;
        [Arg("char **", Ptr, Optional = true)] public ulong envv;
        public long sysmsg_result;
        static int ISyscallArgs<ExecveArgs>.sy_call(Machine m, Lwp td, ref ExecveArgs uap) => m.sys_execve(td, ref uap);
    }

    /// <summary><c>struct exit_args</c>: <c>exit(int rval)</c> (1).</summary>
    [Syscall(Sysno.exit, "exit")]
    public struct ExitArgs : ISyscallArgs<ExitArgs>
    {
        [Arg("int", Int, Optional = true)] public int rval;
        public long sysmsg_result;
        static int ISyscallArgs<ExitArgs>.sy_call(Machine m, Lwp td, ref ExitArgs uap) => m.sys_exit(td, ref uap);
    }

    /// <summary><c>struct lwp_create_args</c>: <c>lwp_create(struct lwp_params *params)</c> (495; simplified: no params, the new LWP copies the caller's registers).</summary>
    [Syscall(Sysno.lwp_create, "lwp_create")]
    public struct LwpCreateArgs : ISyscallArgs<LwpCreateArgs>
    {
        public long sysmsg_result;
        static int ISyscallArgs<LwpCreateArgs>.sy_call(Machine m, Lwp td, ref LwpCreateArgs uap) => m.sys_lwp_create(td, ref uap);
    }

    /// <summary><c>struct extexit_args</c> with <c>how = EXTEXIT_LWP</c>: the calling LWP exits (494), shown as lwp_exit.</summary>
    [Syscall(Sysno.extexit_lwp, "lwp_exit")]
    public struct ExtexitArgs : ISyscallArgs<ExtexitArgs>
    {
        public long sysmsg_result;
        static int ISyscallArgs<ExtexitArgs>.sy_call(Machine m, Lwp td, ref ExtexitArgs uap) => m.sys_lwp_exit(td, ref uap);
    }
}
