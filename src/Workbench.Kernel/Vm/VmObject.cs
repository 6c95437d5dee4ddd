// Models struct vm_object (sys/vm/vm_object.h, a2ee730d). Simplified: pages are 4 KiB byte arrays held sparsely
// by pindex (only touched pages exist); no paging queues, no swap, no shadow chains beyond one private copy.
namespace Workbench.Kernel.Vm;

/// <summary><c>struct vm_object</c>: a backing store of pages addressed by page index.</summary>
/// <remarks>
/// <c>ref_count</c> life cycle:
/// 1. 1 at allocation (the vnode's own reference for OBJT_VNODE, the creating map entry otherwise);
/// 2. +1 per map entry that shares it (clip, fork SHARE, vm_mmap of a vnode or device), +1 per shadow it backs;
/// 3. -1 when such an entry is deleted (vm_map_delete) or a shadow dies;
/// 4. at 0 the pages are freed, <see cref="Dead"/> is set and the backing object loses one reference.
/// </remarks>
public sealed partial class VmObject
{
    public VmObject(ObjType type, ulong sizePages) { Type = type; SizePages = sizePages; }

    public ObjType Type { get; internal set; }

    /// <summary><c>size</c>, in pages.</summary>
    public ulong SizePages { get; internal set; }

    /// <summary><c>ref_count</c>: map entries (and vnodes) that reference the object.</summary>
    public int RefCount { get; internal set; } = 1;

    /// <summary><c>handle</c>: the vnode of an OBJT_VNODE object.</summary>
    public Kern.Vnode? Handle { get; internal set; }

    /// <summary><c>backing_object</c>: for a private copy-on-write shadow, the object it was copied from.</summary>
    public VmObject? BackingObject { get; internal set; }

    /// <summary><c>backing_object_offset</c>, in pages: shadow pindex + this = backing pindex.</summary>
    public ulong BackingOffsetPages { get; internal set; }

    /// <summary><c>OBJ_ONEMAPPING</c>: every page is mapped by at most one map entry, so unmapping a range may free
    /// its pages (vm_map_delete). Cleared when a fork shares the object.</summary>
    public bool OneMapping { get; internal set; } = true;

    /// <summary><c>OBJ_DEAD</c>: the last reference dropped and the pages were freed.</summary>
    public bool Dead { get; internal set; }

    /// <summary>Resident pages by pindex (<c>vm_page_lookup</c>). Each array is exactly PAGE_SIZE bytes.</summary>
    internal readonly Dictionary<ulong, byte[]> Pages = new();

    public int ResidentPages => Pages.Count;
}
