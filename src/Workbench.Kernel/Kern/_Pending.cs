// TEMPORARY while the syscalls are written; removed before the first real commit of them.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
namespace Workbench.Kernel;
public sealed partial class Machine
{
    int sys_vmspace_create(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_vmspace_destroy(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_vmspace_ctl(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_vmspace_mmap(Lwp td, in SyscallRequest a, out long rv) { rv = 0; return Errno.ENOSYS; }
    int sys_vmspace_munmap(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_vmspace_mcontrol(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_vmspace_pread(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_vmspace_pwrite(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_open(Lwp td, in SyscallRequest a, out long rv) { rv = 0; return Errno.ENOSYS; }
    int sys_close(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_ftruncate(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_fork(Lwp td, in SyscallRequest a, out long rv) { rv = 0; return Errno.ENOSYS; }
    int sys_execve(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_exit(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_lwp_create(Lwp td, in SyscallRequest a, out long rv) { rv = 0; return Errno.ENOSYS; }
    int sys_lwp_exit(Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    int sys_sysctl(Lwp td, in SyscallRequest a, out long rv) { rv = 0; return Errno.ENOSYS; }
    void CreateInitProc()
    {
        var vm = new VmSpace(this, Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        var p = new Proc(AllocId(), vm, new FileDesc());
        AddProc(p);
        AddLwp(new Lwp(p.p_pid, p));
    }
}
