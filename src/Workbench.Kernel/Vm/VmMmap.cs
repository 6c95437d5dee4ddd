// Models kern_mmap and vm_mmap of sys/vm/vm_mmap.c and vm_map_hint of sys/vm/vm_map.c (DragonFly a2ee730d,
// 2011-12). Faithful for the order of every check (spec §2.4.1-§2.4.3) and the mach→errno translation.
// Simplified: no RLIMIT_VMEM (the model has no rlimits; the 2011 check applies only to the caller's own map
// anyway, so vmspace_mmap is unaffected), no FPOSIXSHM files, VOP_GETATTR never fails, MAP_STACK maps the whole
// stack at once (vm_map_stack, VmMap.Stack.cs), and a character device's pages are zero-filled memory kept per vnode.
// NOTE: the SEG_SIZE alignment of non-fixed mappings came with 73660d9e81 (2012-09-12), after the seed; it is
// deliberately NOT applied here (spec §2.4.2 item 3).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

/// <summary><c>vm_mmap.c</c>: the mmap family.</summary>
public static partial class VmMmap
{
    /// <summary><c>vm_map_hint</c>: where a non-fixed mapping starts its search, from the layout of
    /// <paramref name="p"/>'s OWN vmspace (for vmspace_mmap that is the vkernel's, spec §7 B5). No requirements.</summary>
    internal static ulong vm_map_hint(Machine m, Proc p, ulong addr, int prot)
    {
        var vms = p.p_vmspace;
        if (m.Sysctl.randomize_mmap == 0)
        {
            // Hinted mmap()s do not allocate out of the heap space.
            ulong heapEnd = Param.round_page(vms.vm_daddr + m.Sysctl.maxdsiz);
            if (addr == 0 || (addr >= Param.round_page(vms.vm_taddr) && addr < heapEnd))
                addr = heapEnd;
            return addr;
        }
        if (addr != 0 && addr >= vms.vm_daddr)
            return addr;
        addr = vms.vm_daddr + Param.MAXDSIZ;
        addr += m.Random.Next() & (Math.Min(256UL << 20, Param.MAXDSIZ) - 1);   // karc4random(), seeded here
        return Param.round_page(addr);
    }

    /// <summary><c>kern_mmap</c>: map into <paramref name="vms"/> on behalf of <paramref name="curproc"/> (whose
    /// descriptor table and layout are used). Returns 0 with <paramref name="res"/> = address + page offset, or an
    /// errno in the order of spec §2.4.1. No requirements: takes the target map's token. Blocks (vm_mmap).</summary>
    internal static int kern_mmap(Machine m, Proc curproc, VmSpace vms, ulong uaddr, ulong ulen, int uprot, int uflags,
        long fd, long upos, out ulong res)
    {
        res = 0;
        int prot = uprot & Mman.VM_PROT_ALL;
        int flags = uflags;
        long pos = upos;
        int error = CheckFlags(m, ulen, prot, fd, ref flags, ref pos);
        if (error != 0) return error;
        ulong addr = uaddr;
        error = CheckRange(m, curproc, ulen, prot, flags, ref pos, ref addr, out ulong size, out ulong pageoff);
        if (error != 0) return error;
        error = LookupHandle(m, curproc, fd, prot, ref flags, ref pos, out var handle, out int maxprot);
        if (error != 0) return error;

        GetToken(m, vms.vm_map.token);
        try
        {
            // At most max_proc_mmap entries per map, scaled by the vmspace's reference count.
            if (m.Sysctl.max_proc_mmap != 0 && vms.vm_map.nentries >= m.Sysctl.max_proc_mmap * vms.vm_refcnt)
                return Errno.ENOMEM;
            error = vm_mmap(m, vms.vm_map, ref addr, size, prot, maxprot, flags, handle, (ulong)pos);
            if (error == 0) res = addr + pageoff;
            return error;
        }
        finally { RelToken(m, vms.vm_map.token); }
    }

    /// <summary>kern_mmap items 1-4: MAP_ANON with fd/pos, zero length, MAP_STACK, MAP_VPAGETABLE.</summary>
    static int CheckFlags(Machine m, ulong ulen, int prot, long fd, ref int flags, ref long pos)
    {
        if ((flags & Mman.MAP_ANON) != 0 && (fd != -1 || pos != 0)) return Errno.EINVAL;
        if (ulen == 0) return Errno.EINVAL;
        const int RW = Mman.PROT_READ | Mman.PROT_WRITE;
        if ((flags & Mman.MAP_STACK) != 0)
        {
            if (fd != -1 || (prot & RW) != RW) return Errno.EINVAL;
            flags |= Mman.MAP_ANON;
            pos = 0;
        }
        if ((flags & Mman.MAP_VPAGETABLE) != 0)
        {
            if (m.Sysctl.vkernel_enable == 0) return Errno.EOPNOTSUPP;
            if ((flags & Mman.MAP_STACK) != 0) return Errno.EINVAL;
            // The kernel writes A/M bits into the table, so the mapping must be R+W.
            if ((prot & RW) != RW) return Errno.EINVAL;
        }
        return 0;
    }

    /// <summary>kern_mmap items 5-6: page offset, size rounding and wrap, fixed-address checks or the hint.
    /// An unaligned file offset is accepted (mmap.2 says otherwise, spec §8.14).</summary>
    static int CheckRange(Machine m, Proc curproc, ulong ulen, int prot, int flags, ref long pos, ref ulong addr,
        out ulong size, out ulong pageoff)
    {
        pageoff = (ulong)pos & Param.PAGE_MASK;
        pos -= (long)pageoff;
        size = Param.round_page(ulen + pageoff);
        if (size < ulen) return Errno.EINVAL;          // wrap
        if ((flags & (Mman.MAP_FIXED | Mman.MAP_TRYFIXED)) != 0)
        {
            addr -= pageoff;
            if ((addr & Param.PAGE_MASK) != 0) return Errno.EINVAL;
            ulong tmpaddr = addr + size;
            if (tmpaddr < addr) return Errno.EINVAL;
            if (tmpaddr > Param.VM_MAX_USER_ADDRESS) return Errno.EINVAL;
            // The VM_MIN_USER_ADDRESS check is vacuous (it is 0).
        }
        else
        {
            addr = vm_map_hint(m, curproc, addr, prot);   // curproc's layout, not the target's (B5)
        }
        return 0;
    }

    /// <summary>The descriptor half of kern_mmap (spec §2.4.1 item 7): the handle (null for anonymous memory) and
    /// maxprot, or an errno.</summary>
    static int LookupHandle(Machine m, Proc curproc, long fd, int prot, ref int flags, ref long pos,
        out Vnode? handle, out int maxprot)
    {
        handle = null;
        maxprot = Mman.VM_PROT_ALL;
        if ((flags & Mman.MAP_ANON) != 0) return 0;

        var fp = curproc.p_fd.Get(fd);                // holdfp
        if (fp is null) return Errno.EBADF;
        if (fp.f_type != DType.DTYPE_VNODE || fp.f_data is not { } vp) return Errno.EINVAL;
        switch (vp.v_type)
        {
            case VType.VREG:
                if (vp.v_object is null) return Errno.EINVAL;
                break;
            case VType.VCHR:
                if (vp.Revoked) return Errno.EBADF;   // v_rdev == NULL
                break;
            default:
                return Errno.EINVAL;                  // nothing else is mappable
        }
        if (vp.v_type == VType.VCHR && vp.IsDevZero)
        {
            // /dev/zero maps anonymous memory (the SunOS hack).
            flags |= Mman.MAP_ANON;
            pos = 0;
            return 0;
        }
        if (vp.v_type == VType.VCHR && (flags & (Mman.MAP_PRIVATE | Mman.MAP_COPY)) != 0)
            return Errno.EINVAL;                      // cdevs provide no private mappings
        maxprot = Mman.VM_PROT_EXECUTE;
        if ((fp.f_flag & Fcntl.FREAD) != 0) maxprot |= Mman.VM_PROT_READ;
        else if ((prot & Mman.PROT_READ) != 0) return Errno.EACCES;
        if ((flags & Mman.MAP_SHARED) != 0 || vp.v_type == VType.VCHR)
        {
            if ((fp.f_flag & Fcntl.FWRITE) != 0)
            {
                m.MayBlock("kern_mmap: VOP_GETATTR");
                if (!vp.ImmutableOrAppend) maxprot |= Mman.VM_PROT_WRITE;
                else if ((prot & Mman.PROT_WRITE) != 0) return Errno.EPERM;
            }
            else if ((prot & Mman.PROT_WRITE) != 0)
            {
                return Errno.EACCES;
            }
        }
        else
        {
            maxprot |= Mman.VM_PROT_WRITE;            // private: copy-on-write
        }
        handle = vp;
        return 0;
    }
}
