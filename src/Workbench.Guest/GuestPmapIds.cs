// Realistic vmspace ids: the vkernel passes &vm->vm_pmap of a guest struct vmspace as the id (spec §6.2), so ids are
// guest kernel heap addresses. Simplified: a slab allocator stands in for the guest's kmalloc/objcache zone.
using Workbench.Kernel;

namespace Workbench.Guest;

/// <summary>
/// Hands out the addresses a vkernel64 guest would use as vmspace ids: <c>&amp;vm-&gt;vm_pmap</c> inside struct vmspace
/// objects carved from slabs of the guest kernel heap, which lives in the vkernel's own KVA window (an ordinary host
/// mapping at 512 GiB, spec §6.1). Freed structures go on a LIFO free list and are reused first, so ids recur after
/// destroy, as they do in the real guest (which destroys before reuse). Sizes are [inferred]: a 0x2e0-byte struct
/// vmspace with vm_pmap at offset 0x120, 128 KiB slabs placed 256 KiB apart (other allocations in between).
/// Deterministic for a seed. Not thread-safe.
/// </summary>
public sealed class GuestPmapIds
{
    /// <summary>Base of the guest KVA window in the vkernel's address space (KERNEL_KVA_START hint, 512 GiB).</summary>
    public const ulong KvaBase = 0x80_0000_0000UL;

    /// <summary>sizeof(struct vmspace) assumed for the guest [inferred].</summary>
    public const ulong StructSize = 0x2e0;

    /// <summary>offsetof(struct vmspace, vm_pmap) assumed for the guest [inferred].</summary>
    public const ulong PmapOffset = 0x120;

    /// <summary>Slab size and spacing.</summary>
    public const ulong SlabSize = 0x2_0000, SlabStride = 0x4_0000;

    readonly Stack<ulong> _free = new();
    readonly ulong _heapStart;
    ulong _slabs;
    ulong _nextInSlab;

    /// <summary>An allocator whose heap starts at a seed-dependent slab-aligned offset inside the KVA window.</summary>
    public GuestPmapIds(ulong seed)
    {
        var rng = new SplitMix64(seed ^ 0x5EED_1D5UL);
        _heapStart = KvaBase + 0x0100_0000UL + rng.Below(64) * SlabStride;
        _nextInSlab = ObjectsPerSlab; // forces a first slab
    }

    /// <summary>Objects per slab.</summary>
    public static ulong ObjectsPerSlab => SlabSize / StructSize;

    /// <summary>Ids currently allocated.</summary>
    public int Live { get; private set; }

    /// <summary>The next id: a recently freed one if any (LIFO), else the next object of the current slab.</summary>
    public ulong Allocate()
    {
        Live++;
        if (_free.Count > 0) return _free.Pop();
        if (_nextInSlab == ObjectsPerSlab)
        {
            _slabs++;
            _nextInSlab = 0;
        }
        var slab = _heapStart + (_slabs - 1) * SlabStride;
        return slab + _nextInSlab++ * StructSize + PmapOffset;
    }

    /// <summary>Returns an id to the free list (the guest freed its struct vmspace).</summary>
    public void Free(ulong id)
    {
        Live--;
        _free.Push(id);
    }
}
