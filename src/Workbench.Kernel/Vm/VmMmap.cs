// TEMPORARY placeholder; replaced by the kern_mmap/vm_mmap model.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
namespace Workbench.Kernel.Vm;
public static partial class VmMmap
{
    internal static int sys_mmap(Machine m, Lwp td, in SyscallRequest a, out long rv) { rv = 0; return Errno.ENOSYS; }
    internal static int sys_munmap(Machine m, Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    internal static int sys_madvise(Machine m, Lwp td, in SyscallRequest a) => Errno.ENOSYS;
    internal static int sys_mcontrol(Machine m, Lwp td, in SyscallRequest a) => Errno.ENOSYS;
}
