// Models copyin/copyout (sys/platform/pc64/x86_64/support.s) as the page-by-page walk the hardware does,
// with the trap handler's vm_fault on a missing or read-only translation (trap_pfault). Simplified: the copy is
// done a page at a time through the pmap, and a failed fault becomes EFAULT directly (no onfault frame).
// user_copy: the same walk for the vkernel's own user-mode loads and stores (poke/peek), without the copy counters.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

/// <summary><c>copyin</c> / <c>copyout</c> against a modelled address space.</summary>
internal static class VmCopy
{
    /// <summary><c>copyin</c>: copy <paramref name="dst"/>.Length bytes from user address <paramref name="uaddr"/>
    /// of <paramref name="vm"/>. Returns 0 or EFAULT (a hole, no read permission, a wrap or beyond the user range).
    /// No requirements. Blocks at every page fault it takes.</summary>
    internal static int copyin(VmSpace vm, ulong uaddr, Span<byte> dst)
    {
        vm.Machine.Counters.Copyin++;
        return user_copy(vm, uaddr, dst, write: false, "copyin: vm_fault");
    }

    /// <summary><c>copyout</c>: copy <paramref name="src"/> to user address <paramref name="uaddr"/> of
    /// <paramref name="vm"/>. Returns 0 or EFAULT. Bytes before a failing page stay written, as on hardware.
    /// No requirements. Blocks at every page fault it takes.</summary>
    internal static int copyout(VmSpace vm, ReadOnlySpan<byte> src, ulong uaddr)
    {
        vm.Machine.Counters.Copyout++;
        if (!RangeOk(uaddr, (ulong)src.Length)) return Errno.EFAULT;
        for (int done = 0; done < src.Length;)
        {
            ulong va = uaddr + (ulong)done;
            var page = Resolve(vm, va, write: true, "copyout: vm_fault");
            if (page is null) return Errno.EFAULT;
            int off = (int)(va & Param.PAGE_MASK);
            int n = Math.Min((int)Param.PAGE_SIZE - off, src.Length - done);
            src.Slice(done, n).CopyTo(page.AsSpan(off, n));
            done += n;
        }
        return 0;
    }

    /// <summary>A user-mode load (<paramref name="write"/> false: into <paramref name="buf"/>) or store (from it) at
    /// <paramref name="uaddr"/> of <paramref name="vm"/>, page by page through the pmap, faulting like the hardware
    /// would. Not a kernel copy: the copyin/copyout counters are not bumped. Returns 0, or EFAULT where the process
    /// would take SIGSEGV/SIGBUS. <paramref name="point"/> names the blocking point of a fault it takes. No requirements. Blocks at every page
    /// fault it takes.</summary>
    internal static int user_copy(VmSpace vm, ulong uaddr, Span<byte> buf, bool write, string point)
    {
        if (!RangeOk(uaddr, (ulong)buf.Length)) return Errno.EFAULT;
        for (int done = 0; done < buf.Length;)
        {
            ulong va = uaddr + (ulong)done;
            var page = Resolve(vm, va, write, point);
            if (page is null) return Errno.EFAULT;
            int off = (int)(va & Param.PAGE_MASK);
            int n = Math.Min((int)Param.PAGE_SIZE - off, buf.Length - done);
            if (write) buf.Slice(done, n).CopyTo(page.AsSpan(off, n));
            else page.AsSpan(off, n).CopyTo(buf.Slice(done, n));
            done += n;
        }
        return 0;
    }

    /// <summary>The address check of copyin/copyout: no wrap and nothing at or above VM_MAX_USER_ADDRESS.</summary>
    static bool RangeOk(ulong uaddr, ulong len)
    {
        ulong end = uaddr + len;
        return end >= uaddr && end <= Param.VM_MAX_USER_ADDRESS;
    }

    /// <summary>The page behind <paramref name="va"/>: the pmap's translation when it allows the access, else the
    /// result of a fault (trap_pfault), else null.</summary>
    static byte[]? Resolve(VmSpace vm, ulong va, bool write, string point)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (vm.vm_pmap.pmap_extract(va, out var pte) && (!write || pte.Writable) &&
                pte.Object.Pages.TryGetValue(pte.Pindex, out var page))
                return page;
            if (attempt == 1) break;
            vm.Machine.MayBlock(point);
            if (vm.vm_map.vm_fault(va, write ? Mman.VM_PROT_WRITE : Mman.VM_PROT_READ) != Mman.KERN_SUCCESS)
                return null;
        }
        return null;
    }
}
