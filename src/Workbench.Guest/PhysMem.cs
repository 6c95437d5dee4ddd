// Models the vkernel's physical page allocator (vm_page_alloc over the memory-image file). Simplified: a LIFO free
// list, deterministic; page 0 holds the guest kernel's top-level table (KVA SETMAP value 0|R|W|V, spec §6.1).
namespace Workbench.Guest;

/// <summary>Guest physical pages: byte offsets in the memory file, a page at a time.</summary>
public sealed class PhysMem
{
    readonly Stack<ulong> _free = new();
    readonly HashSet<ulong> _used = new();

    public PhysMem(ulong ramBytes)
    {
        Pages = ramBytes >> 12;
        for (ulong p = Pages - 1; p >= 1; p--) _free.Push(p << 12);   // page 0 is the kernel's PML4
    }

    /// <summary>Pages of guest RAM.</summary>
    public ulong Pages { get; }

    /// <summary>Pages handed out at least once before (they need zeroing when reused).</summary>
    public HashSet<ulong> Touched { get; } = new();

    /// <summary>A free page's physical address; <paramref name="reused"/> says whether it held data before.</summary>
    public ulong Alloc(out bool reused)
    {
        if (_free.Count == 0) throw new VkernelPanicException("vm_page_alloc: out of guest memory");
        ulong pa = _free.Pop();
        _used.Add(pa);
        reused = !Touched.Add(pa);
        return pa;
    }

    public void Free(ulong pa)
    {
        if (!_used.Remove(pa)) throw new VkernelPanicException($"vm_page_free: page 0x{pa:x} is not allocated");
        _free.Push(pa);
    }
}

/// <summary>The simulated vkernel panicked (a host call failed where the 2012 vkernel calls panic(), or its own
/// invariant broke). Not a host-kernel failure: the host model is fine.</summary>
public sealed class VkernelPanicException(string message) : Exception("vkernel panic: " + message);
