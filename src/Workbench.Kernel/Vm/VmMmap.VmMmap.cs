// Models vm_mmap of sys/vm/vm_mmap.c (a2ee730d, the seed's own version: no SEG_SIZE alignment, see VmMmap.cs)
// and pmap_addr_hint of sys/platform/pc64/x86_64/pmap.c. Faithful apart from the simplifications in VmMmap.cs.
using System.Runtime.CompilerServices;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public static partial class VmMmap
{
    /// <summary>The device pager's object per character device (<c>dev_pager_alloc</c> returns the same object for
    /// the same device). The table holds one reference on each.</summary>
    static readonly ConditionalWeakTable<Vnode, VmObject> DeviceObjects = new();

    /// <summary><c>vm_mmap</c>: map <paramref name="size"/> bytes of <paramref name="handle"/> (null: anonymous) at
    /// <paramref name="addr"/> (searched when not fixed). Returns 0 or an errno (spec §2.4.2). No requirements:
    /// takes the map token (recursively when kern_mmap holds it). Blocks (vm_map_remove, vm_map_find).</summary>
    internal static int vm_mmap(Machine m, VmMap map, ref ulong addr, ulong size, int prot, int maxprot, int flags,
        Vnode? handle, ulong foff)
    {
        if (size == 0) return 0;
        ulong objsize = Param.round_page(size);
        if (objsize < size) return Errno.EINVAL;
        size = objsize;
        GetToken(m, map.token);
        try
        {
            return vm_mmap_locked(m, map, ref addr, size, prot, maxprot, flags, handle, foff);
        }
        finally { RelToken(m, map.token); }
    }

    /// <summary>The body of vm_mmap, in the C order: foff alignment, MAP_SIZEALIGN, fixed checks and the MAP_FIXED
    /// removal, the object, the cow flags, the insert, the SHARE inheritance, mach→errno. Caller holds map.token.</summary>
    static int vm_mmap_locked(Machine m, VmMap map, ref ulong addr, ulong size, int prot, int maxprot, int flags,
        Vnode? handle, ulong foff)
    {
        Kassert.KKASSERT(m.CurrentCall is null || map.token.Depth > 0, "vm_mmap: map->token not held"); // outside a call (tests) no token is taken
        // RLIMIT_VMEM: only for curproc's own map, and the model has no rlimits (see VmMmap.cs).
        if ((foff & Param.PAGE_MASK) != 0) return Errno.EINVAL;
        ulong align = Param.PAGE_SIZE;
        if ((flags & Mman.MAP_SIZEALIGN) != 0)
        {
            align = size;
            if ((align & (align - 1)) != 0) return Errno.EINVAL;   // not a power of two
        }
        bool fitit;
        if ((flags & (Mman.MAP_FIXED | Mman.MAP_TRYFIXED)) == 0)
        {
            fitit = true;
            addr = Param.round_page(addr);
        }
        else
        {
            if (addr != Param.trunc_page(addr)) return Errno.EINVAL;
            if (addr + size < addr) return Errno.EINVAL;
            fitit = false;
            // MAP_FIXED silently replaces what is there; MAP_TRYFIXED (even with FIXED) never removes.
            if ((flags & Mman.MAP_TRYFIXED) == 0)
            {
                map.vm_map_remove(addr, addr + size);
            }
        }

        int error = vm_mmap_object(m, handle, ref flags, ref foff, out var obj, out int docow);
        if (error != 0) return error;
        if ((flags & (Mman.MAP_ANON | Mman.MAP_SHARED)) == 0) docow |= VmMap.MAP_COPY_ON_WRITE;
        if ((flags & Mman.MAP_NOSYNC) != 0) docow |= VmMap.MAP_DISABLE_SYNCER;
        if ((flags & Mman.MAP_NOCORE) != 0) docow |= VmMap.MAP_DISABLE_COREDUMP;
        if (fitit) addr = pmap_addr_hint(obj, addr, size);

        int rv;
        if ((flags & Mman.MAP_STACK) != 0)
            rv = map.vm_map_stack(addr, size, prot, maxprot, docow);   // placed at addr even when not fixed
        else if ((flags & Mman.MAP_VPAGETABLE) != 0)
            rv = map.vm_map_find(obj, foff, ref addr, size, align, fitit, Mman.VM_MAPTYPE_VPAGETABLE, prot, maxprot, docow);
        else
            rv = map.vm_map_find(obj, foff, ref addr, size, align, fitit, Mman.VM_MAPTYPE_NORMAL, prot, maxprot, docow);

        if (rv != Mman.KERN_SUCCESS)
        {
            obj?.vm_object_deallocate();               // lose the object reference taken above
        }
        else if ((flags & (Mman.MAP_SHARED | Mman.MAP_INHERIT)) != 0)
        {
            // Shared memory is also shared with children.
            rv = map.vm_map_inherit(addr, addr + size, Mman.VM_INHERIT_SHARE);
            if (rv != Mman.KERN_SUCCESS) map.vm_map_remove(addr, addr + size);
        }
        return rv switch
        {
            Mman.KERN_SUCCESS => 0,
            Mman.KERN_INVALID_ADDRESS or Mman.KERN_NO_SPACE => Errno.ENOMEM,
            Mman.KERN_PROTECTION_FAILURE => Errno.EACCES,
            _ => Errno.EINVAL,
        };
    }

    /// <summary>The object lookup of vm_mmap: none for anonymous memory (created at fault time, foff 0); the device
    /// pager's object for a VCHR (failure → EINVAL; forces MAP_SHARED); the vnode's object for a VREG (a missing
    /// one → EINVAL). Returns the object with a reference for the new mapping.</summary>
    static int vm_mmap_object(Machine m, Vnode? handle, ref int flags, ref ulong foff, out VmObject? obj, out int docow)
    {
        obj = null;
        docow = 0;
        if (handle is null)
        {
            foff = 0;
            return 0;
        }
        docow = VmMap.MAP_PREFAULT_PARTIAL;
        if (handle.v_type == VType.VCHR)
        {
            if (!handle.DeviceMmap) return Errno.EINVAL;  // dev_pager_alloc failed: no d_mmap
            obj = dev_pager_alloc(handle);
            flags = (flags & ~(Mman.MAP_PRIVATE | Mman.MAP_COPY)) | Mman.MAP_SHARED;
            return 0;
        }
        m.MayBlock("vm_mmap: VOP_GETATTR");
        obj = handle.v_object;                           // vnode_pager_reference
        if (obj is null) return Errno.EINVAL;
        obj.vm_object_reference();
        return 0;
    }

    /// <summary><c>dev_pager_alloc</c>: the device's object with one more reference for the new mapping.</summary>
    static VmObject dev_pager_alloc(Vnode vp)
    {
        var obj = DeviceObjects.GetValue(vp, _ => new VmObject(ObjType.OBJT_DEVICE, 0) { OneMapping = false });
        obj.vm_object_reference();
        return obj;
    }

    /// <summary><c>pmap_addr_hint</c> (pc64): device mappings of at least NBPDR bytes start on a 2 MiB boundary.</summary>
    internal static ulong pmap_addr_hint(VmObject? obj, ulong addr, ulong size)
    {
        if (obj is null || size < Param.NBPDR || obj.Type != ObjType.OBJT_DEVICE) return addr;
        return (addr + (Param.NBPDR - 1)) & ~(Param.NBPDR - 1);
    }

    /// <summary>Takes <paramref name="tok"/> for the thread of the current system call (none outside a call).</summary>
    static void GetToken(Machine m, LwkToken tok)
    {
        if (m.CurrentCall?.Thread is { } td) m.lwkt_gettoken(td, tok);
    }

    static void RelToken(Machine m, LwkToken tok)
    {
        if (m.CurrentCall?.Thread is { } td && tok.HeldBy(td)) m.lwkt_reltoken(td, tok);
    }
}
