// Models struct vm_map_entry (sys/vm/vm_map.h, a2ee730d). Faithful for the fields the vkernel paths use.
namespace Workbench.Kernel.Vm;

/// <summary><c>struct vm_map_entry</c>: one contiguous mapping [start, end) of a map.</summary>
public sealed class VmMapEntry
{
    public ulong start { get; internal set; }
    public ulong end { get; internal set; }
    /// <summary><c>maptype</c>: VM_MAPTYPE_NORMAL or VM_MAPTYPE_VPAGETABLE.</summary>
    public int maptype { get; internal set; }
    /// <summary><c>object.vm_object</c>; null for anonymous memory not yet faulted (allocated lazily).</summary>
    public VmObject? @object { get; internal set; }
    /// <summary><c>offset</c>: byte offset of <see cref="start"/> in the object.</summary>
    public ulong offset { get; internal set; }
    public int protection { get; internal set; }
    public int max_protection { get; internal set; }
    public int inheritance { get; internal set; }
    public int eflags { get; internal set; }
    public int wired_count { get; internal set; }
    /// <summary><c>aux.master_pde</c>: the VPAGETABLE master page-directory value set by MADV_SETMAP (shares storage with avail_ssize).</summary>
    public ulong master_pde { get; internal set; }
    /// <summary>MADV_* behaviour last applied (MAP_ENTRY_BEHAV_*), kept for display.</summary>
    public int behavior { get; internal set; }

    public ulong Size => end - start;

    internal VmMapEntry Clone() => (VmMapEntry)MemberwiseClone();
}
