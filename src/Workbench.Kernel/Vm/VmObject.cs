// Models struct vm_object (sys/vm/vm_object.h, a2ee730d). Simplified: pages are 4 KiB byte arrays held sparsely
// by pindex (only touched pages exist); no paging queues, no swap, no shadow chains beyond one private copy.
namespace Workbench.Kernel.Vm;

/// <summary><c>objtype_t</c>.</summary>
public enum ObjType { OBJT_DEFAULT, OBJT_SWAP, OBJT_VNODE, OBJT_DEVICE }

/// <summary><c>struct vm_object</c>: a backing store of pages addressed by page index.</summary>
public sealed class VmObject
{
    public VmObject(ObjType type, ulong sizePages) { Type = type; SizePages = sizePages; }

    public ObjType Type { get; internal set; }

    /// <summary><c>size</c>, in pages.</summary>
    public ulong SizePages { get; internal set; }

    /// <summary><c>ref_count</c>: map entries (and vnodes) that reference the object.</summary>
    public int RefCount { get; internal set; } = 1;

    /// <summary><c>handle</c>: the vnode of an OBJT_VNODE object.</summary>
    public Kern.Vnode? Handle { get; internal set; }

    /// <summary>Resident pages by pindex (<c>vm_page_lookup</c>). Each array is exactly PAGE_SIZE bytes.</summary>
    internal readonly Dictionary<ulong, byte[]> Pages = new();

    public int ResidentPages => Pages.Count;
}
