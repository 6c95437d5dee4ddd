// Models sys/vm/vm_vmspace.c (DragonFly a2ee730d, 2011-12), second part in the C order: the memory calls
// vmspace_mmap, vmspace_munmap, vmspace_pread, vmspace_pwrite and vmspace_mcontrol. Faithful (see VmVmspace.cs).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vkernel;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Kassert;
using static Workbench.Kernel.Kern.SysProto;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary><c>sys_vmspace_mmap(id, addr, len, prot, flags, fd, offset)</c> (489): mmap within a VMSPACE.
    /// No requirements. Takes vmspace_token (not mp_token), then vkp->token. kern_mmap may block, so the entry is
    /// held with a temporary ref across it (spec §2.4). The fd is looked up in the calling vkernel's table.</summary>
    internal int sys_vmspace_mmap(Lwp td, ref VmspaceMmapArgs uap)
    {
        int error;
        // "We hold the vmspace token to serialize calls to vkernel_find_vmspace": it only serialises mmap
        // against mmap; vkp->token is the real lookup lock (spec §8.5).
        lwkt_gettoken(td, vmspace_token);
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null)
        {
            error = EINVAL;
        }
        else
        {
            lwkt_gettoken(td, vkp.token);
            var ve = vkernel_find_vmspace(td, vkp, uap.id);
            if (ve is not null)
            {
                ulong res;
                using (ve.Hold()) // NOTE: kern_mmap can block, so hold a temporary ref
                    error = VmMmap.kern_mmap(this, td.lwp_proc, ve.vmspace!, uap.addr, uap.len,
                        uap.prot, uap.flags, uap.fd, uap.offset, out res);
                if (error == 0)
                    uap.sysmsg_result = (long)res; // uap->sysmsg_resultp
            }
            else
            {
                error = ENOENT;
            }
            lwkt_reltoken(td, vkp.token);
        }
        lwkt_reltoken(td, vmspace_token);
        return error;
    }

    /// <summary><c>sys_vmspace_munmap(id, addr, len)</c> (490): unmap within a VMSPACE. No requirements. Takes
    /// mp_token, then vkp->token; holds a temporary ref from the lookup to the end. The protection check and the
    /// removal take the map lock separately and may each block (spec §2.5, §7 B7).</summary>
    internal int sys_vmspace_munmap(Lwp td, ref VmspaceMunmapArgs uap)
    {
        int error;
        get_mplock(td);
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null)
        {
            error = EINVAL;
        }
        else
        {
            lwkt_gettoken(td, vkp.token);
            var ve = vkernel_find_vmspace(td, vkp, uap.id);
            if (ve is null)
            {
                error = ENOENT;
            }
            else
            {
                using var hold = ve.Hold(); // NOTE: the removal can block (the comment's kern_munmap() does not exist, spec §8.4)
                error = vmspace_munmap_range(ve, uap.addr, uap.len);
            }
            lwkt_reltoken(td, vkp.token);
        }
        rel_mplock(td);
        return error;
    }

    /// <summary>The body of <c>sys_vmspace_munmap</c> "copied from sys_munmap()": round outward, the wrap and
    /// bound checks, the hole check, then vm_map_remove. Caller holds a ref on <paramref name="ve"/>.</summary>
    internal int vmspace_munmap_range(VmspaceEntry ve, ulong uaddr, ulong ulen)
    {
        KKASSERT(ve.refs > 0, "vmspace_munmap: no temporary ref held");
        ulong addr = uaddr;
        ulong size = ulen;
        ulong pageoff = addr & Param.PAGE_MASK;
        addr -= pageoff;
        size += pageoff;
        size = Param.round_page(size);
        if (size < ulen)                 // wrap
            return EINVAL;
        ulong tmpaddr = addr + size;     // "workaround gcc4 opt"
        if (tmpaddr < addr)              // wrap
            return EINVAL;
        if (size == 0)
            return 0;                    // only when len == 0 and addr is page-aligned
        if (Param.VM_MAX_USER_ADDRESS > 0 && tmpaddr > Param.VM_MAX_USER_ADDRESS)
            return EINVAL;
        // VM_MIN_USER_ADDRESS is 0: that check is vacuous.
        var map = ve.vmspace!.vm_map;
        if (!map.vm_map_check_protection(addr, tmpaddr, Mman.VM_PROT_NONE))
            return EINVAL;
        map.vm_map_remove(addr, addr + size);
        return 0;
    }

    /// <summary><c>sys_vmspace_pread(id, buf, nbyte, flags, offset)</c> (492): "not implemented yet": after the vkp
    /// and id checks it always returns EINVAL. Takes mp_token, then vkp->token. No ref, no side effects (spec §2.7).</summary>
    internal int sys_vmspace_pread(Lwp td, ref VmspacePreadArgs uap) => vmspace_prw_not_implemented(td, uap.id);

    /// <summary><c>sys_vmspace_pwrite(id, buf, nbyte, flags, offset)</c> (493): like pread, always EINVAL after the
    /// vkp and id checks (spec §2.7).</summary>
    internal int sys_vmspace_pwrite(Lwp td, ref VmspacePwriteArgs uap) => vmspace_prw_not_implemented(td, uap.id);

    int vmspace_prw_not_implemented(Lwp td, ulong id)
    {
        int error;
        get_mplock(td);
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null)
        {
            error = EINVAL;
        }
        else
        {
            lwkt_gettoken(td, vkp.token);
            error = vkernel_find_vmspace(td, vkp, id) is null ? ENOENT : EINVAL;
            lwkt_reltoken(td, vkp.token);
        }
        rel_mplock(td);
        return error;
    }

    /// <summary><c>sys_vmspace_mcontrol(id, addr, len, behav, value)</c> (491): madvise/mcontrol for a VMSPACE.
    /// No requirements. Takes mp_token, then vkp->token; holds a temporary ref across vm_map_madvise, which takes
    /// the map lock (exclusive for INVAL and SETMAP) and may block (spec §2.6).</summary>
    internal int sys_vmspace_mcontrol(Lwp td, ref VmspaceMcontrolArgs uap)
    {
        ulong tmpaddr = uap.addr + uap.len; // computed at function entry, as the seed does
        int error;
        get_mplock(td);
        var vkp = td.lwp_proc.p_vkernel;
        if (vkp is null)
        {
            error = EINVAL;
        }
        else
        {
            lwkt_gettoken(td, vkp.token);
            var ve = vkernel_find_vmspace(td, vkp, uap.id);
            if (ve is null)
            {
                error = ENOENT; // ENOENT wins over a bad behav: the lookup comes first
            }
            else
            {
                using var hold = ve.Hold(); // NOTE: the madvise can block (the comment's kern_madvise() does not exist, spec §8.4)
                error = vmspace_mcontrol_range(ve, uap.addr, tmpaddr, uap.behav, uap.value);
            }
            lwkt_reltoken(td, vkp.token);
        }
        rel_mplock(td);
        return error;
    }

    /// <summary>The body of <c>sys_vmspace_mcontrol</c> "copied from sys_mcontrol()". Caller holds a ref.</summary>
    internal int vmspace_mcontrol_range(VmspaceEntry ve, ulong uaddr, ulong tmpaddr, int behav, long value)
    {
        KKASSERT(ve.refs > 0, "vmspace_mcontrol: no temporary ref held");
        if (behav < 0 || behav > Mman.MADV_CONTROL_END)
            return EINVAL;
        if (tmpaddr < uaddr)
            return EINVAL;
        if (Param.VM_MAX_USER_ADDRESS > 0 && tmpaddr > Param.VM_MAX_USER_ADDRESS)
            return EINVAL;
        // VM_MIN_USER_ADDRESS is 0: that check is vacuous.
        ulong start = Param.trunc_page(uaddr);
        ulong end = Param.round_page(tmpaddr);
        return ve.vmspace!.vm_map.vm_map_madvise(start, end, behav, value);
    }
}
