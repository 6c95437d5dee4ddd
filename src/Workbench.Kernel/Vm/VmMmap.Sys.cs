// Models sys_mmap, sys_munmap, sys_madvise and sys_mcontrol of sys/vm/vm_mmap.c (a2ee730d): the host calls on
// the caller's OWN address space (p_vmspace). Faithful for the argument checks and their order.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public static partial class VmMmap
{
    /// <summary><c>sys_mmap</c>(addr, len, prot, flags, fd, pos): kern_mmap on the caller's own vmspace.
    /// No requirements. Blocks (kern_mmap).</summary>
    internal static int sys_mmap(Machine m, Lwp td, ref SysProto.MmapArgs uap)
    {
        var p = td.lwp_proc;
        int error = kern_mmap(m, p, p.p_vmspace, uap.addr, uap.len, uap.prot, uap.flags, uap.fd, uap.pos, out ulong res);
        if (error == 0) uap.sysmsg_result = (long)res;
        return error;
    }

    /// <summary><c>sys_munmap</c>(addr, len): round outward, reject wraps and addresses past VM_MAX_USER_ADDRESS,
    /// require the whole range to be mapped (check_protection with VM_PROT_NONE), then remove. A page-aligned
    /// empty range is a no-op. No requirements: holds the map token across check and remove. Blocks.</summary>
    internal static int sys_munmap(Machine m, Lwp td, ref SysProto.MunmapArgs uap)
    {
        ulong addr = uap.addr, len = uap.len;
        ulong pageoff = addr & Param.PAGE_MASK;
        addr -= pageoff;
        ulong size = Param.round_page(len + pageoff);
        if (size < len) return Errno.EINVAL;              // wrap
        ulong tmpaddr = addr + size;
        if (tmpaddr < addr) return Errno.EINVAL;          // wrap
        if (size == 0) return 0;
        if (tmpaddr > Param.VM_MAX_USER_ADDRESS) return Errno.EINVAL;

        var map = td.lwp_proc.p_vmspace.vm_map;
        // map->token serialises the hole check and the unmap (unlike vmspace_munmap, spec §2.5, B7).
        GetToken(m, map.token);
        try
        {
            if (!map.vm_map_check_protection(addr, tmpaddr, Mman.VM_PROT_NONE)) return Errno.EINVAL;
            map.vm_map_remove(addr, tmpaddr);
            return 0;
        }
        finally { RelToken(m, map.token); }
    }

    /// <summary><c>sys_madvise</c>(addr, len, behav): behav must be 0..10 (INVAL allowed, SETMAP not, spec §8.13);
    /// value 0. No requirements. Blocks (the map lock).</summary>
    internal static int sys_madvise(Machine m, Lwp td, ref SysProto.MadviseArgs uap)
    {
        if (uap.behav < 0 || uap.behav >= Mman.MADV_CONTROL_END) return Errno.EINVAL;
        return MadviseRange(m, td, uap.addr, uap.len, uap.behav, 0);
    }

    /// <summary><c>sys_mcontrol</c>(addr, len, behav, value): behav must be 0..11 (SETMAP allowed).
    /// No requirements. Blocks (the map lock).</summary>
    internal static int sys_mcontrol(Machine m, Lwp td, ref SysProto.McontrolArgs uap)
    {
        if (uap.behav < 0 || uap.behav > Mman.MADV_CONTROL_END) return Errno.EINVAL;
        return MadviseRange(m, td, uap.addr, uap.len, uap.behav, uap.value);
    }

    /// <summary>The shared range handling of sys_madvise/sys_mcontrol (as sys_vmspace_mcontrol): end = addr + len;
    /// wrap or end past VM_MAX_USER_ADDRESS → EINVAL; then [trunc_page(addr), round_page(end)).</summary>
    static int MadviseRange(Machine m, Lwp td, ulong addr, ulong len, int behav, long value)
    {
        ulong tmpaddr = addr + len;
        if (tmpaddr < addr) return Errno.EINVAL;
        if (tmpaddr > Param.VM_MAX_USER_ADDRESS) return Errno.EINVAL;
        ulong start = Param.trunc_page(addr), end = Param.round_page(tmpaddr);
        return td.lwp_proc.p_vmspace.vm_map.vm_map_madvise(start, end, behav, value);
    }
}
