// Typed entry points for library users (tests, notebooks, the Guest vkernel): each fills the call's *_args struct
// (SysProto) by field name and goes through the single dispatch point, so observers see these calls exactly as
// they see scripted ones. Not in the C: PascalCase convenience names; each says which twin it reaches.
using Workbench.Kernel.Kern;
using static Workbench.Kernel.Kern.SysProto;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary>The init process's main thread (tid 1), while it lives.</summary>
    public Lwp? Init => FindLwp(1);

    /// <summary><c>vmspace_create(id, type, data)</c>. Reaches <c>sys_vmspace_create</c>.</summary>
    public SysResult VmspaceCreate(Lwp td, ulong id, int type = 0, ulong data = 0) =>
        Enter(td, new VmspaceCreateArgs { id = id, type = type, data = data });

    /// <summary><c>vmspace_destroy(id)</c>. Reaches <c>sys_vmspace_destroy</c>.</summary>
    public SysResult VmspaceDestroy(Lwp td, ulong id) => Enter(td, new VmspaceDestroyArgs { id = id });

    /// <summary><c>vmspace_ctl(id, cmd, tframe, vframe)</c>; VMSPACE_CTL_RUN answers EJUSTRETURN on success. Reaches <c>sys_vmspace_ctl</c>.</summary>
    public SysResult VmspaceCtl(Lwp td, ulong id, int cmd, ulong tframe, ulong vframe) =>
        Enter(td, new VmspaceCtlArgs { id = id, cmd = cmd, tframe = tframe, vframe = vframe });

    /// <summary><c>vmspace_mmap(id, addr, len, prot, flags, fd, offset)</c>; the value is the mapped address. Reaches <c>sys_vmspace_mmap</c>.</summary>
    public SysResult VmspaceMmap(Lwp td, ulong id, ulong addr, ulong len, int prot, int flags, int fd, long offset) =>
        Enter(td, new VmspaceMmapArgs { id = id, addr = addr, len = len, prot = prot, flags = flags, fd = fd, offset = offset });

    /// <summary><c>vmspace_munmap(id, addr, len)</c>. Reaches <c>sys_vmspace_munmap</c>.</summary>
    public SysResult VmspaceMunmap(Lwp td, ulong id, ulong addr, ulong len) =>
        Enter(td, new VmspaceMunmapArgs { id = id, addr = addr, len = len });

    /// <summary><c>vmspace_mcontrol(id, addr, len, behav, value)</c>. Reaches <c>sys_vmspace_mcontrol</c>.</summary>
    public SysResult VmspaceMcontrol(Lwp td, ulong id, ulong addr, ulong len, int behav, long value = 0) =>
        Enter(td, new VmspaceMcontrolArgs { id = id, addr = addr, len = len, behav = behav, value = value });

    /// <summary><c>vmspace_pread(id, buf, nbyte, flags, offset)</c>: always EINVAL once the id is found. Reaches <c>sys_vmspace_pread</c>.</summary>
    public SysResult VmspacePread(Lwp td, ulong id, ulong buf = 0, ulong nbyte = 0, int flags = 0, long offset = 0) =>
        Enter(td, new VmspacePreadArgs { id = id, buf = buf, nbyte = nbyte, flags = flags, offset = offset });

    /// <summary><c>vmspace_pwrite(id, buf, nbyte, flags, offset)</c>: always EINVAL once the id is found. Reaches <c>sys_vmspace_pwrite</c>.</summary>
    public SysResult VmspacePwrite(Lwp td, ulong id, ulong buf = 0, ulong nbyte = 0, int flags = 0, long offset = 0) =>
        Enter(td, new VmspacePwriteArgs { id = id, buf = buf, nbyte = nbyte, flags = flags, offset = offset });

    /// <summary><c>mmap(addr, len, prot, flags, fd, offset)</c> on the caller's own address space. Reaches <c>sys_mmap</c>.</summary>
    public SysResult Mmap(Lwp td, ulong addr, ulong len, int prot, int flags, int fd = -1, long offset = 0) =>
        Enter(td, new MmapArgs { addr = addr, len = len, prot = prot, flags = flags, fd = fd, pos = offset });

    /// <summary><c>munmap(addr, len)</c>. Reaches <c>sys_munmap</c>.</summary>
    public SysResult Munmap(Lwp td, ulong addr, ulong len) => Enter(td, new MunmapArgs { addr = addr, len = len });

    /// <summary><c>madvise(addr, len, behav)</c>. Reaches <c>sys_madvise</c>.</summary>
    public SysResult Madvise(Lwp td, ulong addr, ulong len, int behav) =>
        Enter(td, new MadviseArgs { addr = addr, len = len, behav = behav });

    /// <summary><c>mcontrol(addr, len, behav, value)</c>. Reaches <c>sys_mcontrol</c>.</summary>
    public SysResult Mcontrol(Lwp td, ulong addr, ulong len, int behav, long value = 0) =>
        Enter(td, new McontrolArgs { addr = addr, len = len, behav = behav, value = value });

    /// <summary><c>open(path, flags, mode)</c>; the value is the descriptor. Reaches <c>sys_open</c>.</summary>
    public SysResult Open(Lwp td, string path, int flags, int mode = 0) => Enter(td, new OpenArgs { path = path, flags = flags, mode = mode });

    /// <summary><c>close(fd)</c>. Reaches <c>sys_close</c>.</summary>
    public SysResult Close(Lwp td, int fd) => Enter(td, new CloseArgs { fd = fd });

    /// <summary><c>ftruncate(fd, length)</c>. Reaches <c>sys_ftruncate</c>.</summary>
    public SysResult Ftruncate(Lwp td, int fd, long length) => Enter(td, new FtruncateArgs { fd = fd, length = length });

    /// <summary><c>fork()</c>; the value is the child's pid, which is also its main thread's tid. Reaches <c>sys_fork</c>.</summary>
    public SysResult Fork(Lwp td) => Enter(td, new ForkArgs());

    /// <summary><c>execve(path)</c>. Reaches <c>sys_execve</c>.</summary>
    public SysResult Execve(Lwp td, string path) => Enter(td, new ExecveArgs { fname = path });

    /// <summary><c>exit(status)</c>: the process is gone afterwards. Reaches <c>sys_exit</c>.</summary>
    public SysResult Exit(Lwp td, int status = 0) => Enter(td, new ExitArgs { rval = status });

    /// <summary><c>lwp_create()</c>; the value is the new tid. Reaches <c>sys_lwp_create</c>.</summary>
    public SysResult LwpCreate(Lwp td) => Enter(td, new LwpCreateArgs());

    /// <summary><c>lwp_exit()</c>. Reaches <c>sys_lwp_exit</c>.</summary>
    public SysResult LwpExit(Lwp td) => Enter(td, new ExtexitArgs());

    /// <summary><c>sysctl(name, value)</c>: sets an integer sysctl. Reaches <c>sys_sysctl</c>.</summary>
    public SysResult SysctlSet(Lwp td, string name, long value) => Enter(td, new SysctlArgs { name = name, newval = value, newlen = sizeof(long) });

    /// <summary><c>sysctl(name)</c>: reads an integer sysctl. Reaches <c>sys_sysctl</c>.</summary>
    public SysResult SysctlGet(Lwp td, string name) => Enter(td, new SysctlArgs { name = name });

    /// <summary>Guest event: the emulated context on <paramref name="td"/> raises <paramref name="trapno"/>
    /// (0 for a signal). The value is what the vkernel's vmspace_ctl returns.</summary>
    public SysResult GuestTrap(Lwp td, int trapno) => Enter(td, new GuestTrapArgs { trapno = trapno });

    /// <summary>Guest event: a signal <paramref name="sig"/> (SIGIO, SIGUSR1, ...) reaches the process while
    /// <paramref name="td"/> runs emulated code: postsig sets trapno 0 and calls vkernel_trap. The value is what the
    /// vkernel's vmspace_ctl returns (0 or -1 EFAULT); EINVAL for a number outside 1..31 (nothing happens).</summary>
    public SysResult GuestSignal(Lwp td, int sig) => Enter(td, new GuestSignalArgs { sig = sig });

    /// <summary>Guest event: the emulated context on <paramref name="td"/> reads or writes <paramref name="va"/>
    /// (<paramref name="access"/>: VM_PROT_READ, VM_PROT_WRITE or VM_PROT_EXECUTE). 0: done inside (a TLB hit or a
    /// fault the host resolved); T_PAGEFLT (12): reflected, the vkernel's vmspace_ctl returned 0 with the trapframe
    /// copied out; -1 EFAULT: reflected but the copy-out failed. A TLB hit does not enter the kernel: it only bumps
    /// <see cref="KernelCounters.GuestAccesses"/> and <see cref="KernelCounters.TlbHits"/>, allocates nothing and
    /// is invisible to observers; a miss is a guest event like any other.</summary>
    public SysResult GuestAccess(Lwp td, ulong va, int access)
    {
        if (td.lwp_vkernel?.ve is not null && va < Sys.Param.VM_MAX_USER_ADDRESS &&
            td.lwp_vmspace.vm_pmap.Ptes.TryGetValue(va >> Sys.Param.PAGE_SHIFT, out var pte) &&
            (pte.Writable || (access & Sys.Mman.VM_PROT_WRITE) == 0))
        {
            Counters.GuestAccesses++;
            Counters.TlbHits++;
            return SysResult.Val(0);
        }
        return Enter(td, new GuestAccessArgs { va = va, access = access });
    }

    /// <summary><c>poke</c>: the vkernel on <paramref name="td"/> (not inside a vmspace) stores the little-endian
    /// word <paramref name="value"/> at <paramref name="va"/> of its own address space: how it writes vptes into
    /// the memory-image file through a shared mapping. 0, or -1 EFAULT where it would take SIGSEGV/SIGBUS. An
    /// aligned store through a writable translation does not enter the kernel and allocates nothing.</summary>
    public SysResult Poke(Lwp td, ulong va, ulong value)
    {
        if ((va & 7) == 0 && !td.InVmspace && va < Sys.Param.VM_MAX_USER_ADDRESS &&
            td.lwp_vmspace.vm_pmap.Ptes.TryGetValue(va >> Sys.Param.PAGE_SHIFT, out var pte) && pte.Writable &&
            pte.Object.Pages.TryGetValue(pte.Pindex, out var page))
        {
            Counters.UserAccesses++;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan((int)(va & Sys.Param.PAGE_MASK)), value);
            return SysResult.Val(0);
        }
        return Enter(td, new PokeArgs { addr = va, value = value });
    }

    /// <summary><c>peek</c>: the vkernel loads the little-endian word at <paramref name="va"/> of its own address
    /// space; the value is the word, or -1 EFAULT. An aligned load through a translation does not enter the kernel.</summary>
    public SysResult Peek(Lwp td, ulong va)
    {
        if ((va & 7) == 0 && !td.InVmspace && va < Sys.Param.VM_MAX_USER_ADDRESS &&
            td.lwp_vmspace.vm_pmap.Ptes.TryGetValue(va >> Sys.Param.PAGE_SHIFT, out var pte) &&
            pte.Object.Pages.TryGetValue(pte.Pindex, out var page))
        {
            Counters.UserAccesses++;
            return SysResult.Val((long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan((int)(va & Sys.Param.PAGE_MASK))));
        }
        return Enter(td, new PeekArgs { addr = va });
    }
}
