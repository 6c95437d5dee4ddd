// Typed entry points for library users (tests, notebooks): each builds the request and goes through the single
// dispatch point, so observers see these calls exactly as they see scripted ones.
using Workbench.Kernel.Kern;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary>The init process's main thread (tid 1), while it lives.</summary>
    public Lwp? Init => FindLwp(1);

    /// <summary><c>vmspace_create(id, type, data)</c>.</summary>
    public SysResult VmspaceCreate(Lwp td, ulong id, int type = 0, ulong data = 0) =>
        Syscall(td, new(Sysno.vmspace_create, (long)id, type, (long)data));

    /// <summary><c>vmspace_destroy(id)</c>.</summary>
    public SysResult VmspaceDestroy(Lwp td, ulong id) => Syscall(td, new(Sysno.vmspace_destroy, (long)id));

    /// <summary><c>vmspace_ctl(id, cmd, tframe, vframe)</c>; VMSPACE_CTL_RUN answers EJUSTRETURN on success.</summary>
    public SysResult VmspaceCtl(Lwp td, ulong id, int cmd, ulong tframe, ulong vframe) =>
        Syscall(td, new(Sysno.vmspace_ctl, (long)id, cmd, (long)tframe, (long)vframe));

    /// <summary><c>vmspace_mmap(id, addr, len, prot, flags, fd, offset)</c>; the value is the mapped address.</summary>
    public SysResult VmspaceMmap(Lwp td, ulong id, ulong addr, ulong len, int prot, int flags, int fd, long offset) =>
        Syscall(td, new(Sysno.vmspace_mmap, (long)id, (long)addr, (long)len, prot, flags, fd, offset));

    /// <summary><c>vmspace_munmap(id, addr, len)</c>.</summary>
    public SysResult VmspaceMunmap(Lwp td, ulong id, ulong addr, ulong len) =>
        Syscall(td, new(Sysno.vmspace_munmap, (long)id, (long)addr, (long)len));

    /// <summary><c>vmspace_mcontrol(id, addr, len, behav, value)</c>.</summary>
    public SysResult VmspaceMcontrol(Lwp td, ulong id, ulong addr, ulong len, int behav, long value = 0) =>
        Syscall(td, new(Sysno.vmspace_mcontrol, (long)id, (long)addr, (long)len, behav, value));

    /// <summary><c>vmspace_pread(id, buf, nbyte, flags, offset)</c>: always EINVAL once the id is found.</summary>
    public SysResult VmspacePread(Lwp td, ulong id, ulong buf = 0, ulong nbyte = 0, int flags = 0, long offset = 0) =>
        Syscall(td, new(Sysno.vmspace_pread, (long)id, (long)buf, (long)nbyte, flags, offset));

    /// <summary><c>vmspace_pwrite(id, buf, nbyte, flags, offset)</c>: always EINVAL once the id is found.</summary>
    public SysResult VmspacePwrite(Lwp td, ulong id, ulong buf = 0, ulong nbyte = 0, int flags = 0, long offset = 0) =>
        Syscall(td, new(Sysno.vmspace_pwrite, (long)id, (long)buf, (long)nbyte, flags, offset));

    /// <summary><c>mmap(addr, len, prot, flags, fd, offset)</c> on the caller's own address space.</summary>
    public SysResult Mmap(Lwp td, ulong addr, ulong len, int prot, int flags, int fd = -1, long offset = 0) =>
        Syscall(td, new(Sysno.mmap, (long)addr, (long)len, prot, flags, fd, offset));

    /// <summary><c>munmap(addr, len)</c>.</summary>
    public SysResult Munmap(Lwp td, ulong addr, ulong len) => Syscall(td, new(Sysno.munmap, (long)addr, (long)len));

    /// <summary><c>madvise(addr, len, behav)</c>.</summary>
    public SysResult Madvise(Lwp td, ulong addr, ulong len, int behav) =>
        Syscall(td, new(Sysno.madvise, (long)addr, (long)len, behav));

    /// <summary><c>mcontrol(addr, len, behav, value)</c>.</summary>
    public SysResult Mcontrol(Lwp td, ulong addr, ulong len, int behav, long value = 0) =>
        Syscall(td, new(Sysno.mcontrol, (long)addr, (long)len, behav, value));

    /// <summary><c>open(path, flags, mode)</c>; the value is the descriptor.</summary>
    public SysResult Open(Lwp td, string path, int flags, int mode = 0) => Syscall(td, new(Sysno.open, flags, mode, str: path));

    /// <summary><c>close(fd)</c>.</summary>
    public SysResult Close(Lwp td, int fd) => Syscall(td, new(Sysno.close, fd));

    /// <summary><c>ftruncate(fd, length)</c>.</summary>
    public SysResult Ftruncate(Lwp td, int fd, long length) => Syscall(td, new(Sysno.ftruncate, fd, length));

    /// <summary><c>fork()</c>; the value is the child's pid, which is also its main thread's tid.</summary>
    public SysResult Fork(Lwp td) => Syscall(td, new(Sysno.fork));

    /// <summary><c>execve(path)</c>.</summary>
    public SysResult Execve(Lwp td, string path) => Syscall(td, new(Sysno.execve, str: path));

    /// <summary><c>exit(status)</c>: the process is gone afterwards.</summary>
    public SysResult Exit(Lwp td, int status = 0) => Syscall(td, new(Sysno.exit, status));

    /// <summary><c>lwp_create()</c>; the value is the new tid.</summary>
    public SysResult LwpCreate(Lwp td) => Syscall(td, new(Sysno.lwp_create));

    /// <summary><c>lwp_exit()</c>.</summary>
    public SysResult LwpExit(Lwp td) => Syscall(td, new(Sysno.extexit_lwp));

    /// <summary><c>sysctl(name, value)</c>: sets an integer sysctl.</summary>
    public SysResult SysctlSet(Lwp td, string name, long value) => Syscall(td, new(Sysno.__sysctl, value, 1, str: name));

    /// <summary><c>sysctl(name)</c>: reads an integer sysctl.</summary>
    public SysResult SysctlGet(Lwp td, string name) => Syscall(td, new(Sysno.__sysctl, str: name));

    /// <summary>Guest event: the emulated context on <paramref name="td"/> raises <paramref name="trapno"/>
    /// (0 for a signal). The value is what the vkernel's vmspace_ctl returns.</summary>
    public SysResult GuestTrap(Lwp td, int trapno) => GuestEvent(td, new(Sysno.guest_trap, trapno));
}
