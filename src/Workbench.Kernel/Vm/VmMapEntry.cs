// Models struct vm_map_entry (sys/vm/vm_map.h, a2ee730d). Faithful for the fields the vkernel paths use.
namespace Workbench.Kernel.Vm;

/// <summary><c>struct vm_map_entry</c>: one contiguous mapping [start, end) of a map.</summary>
public sealed class VmMapEntry
{
    // eflags (sys/vm/vm_map.h @ a2ee730d).
    public const int MAP_ENTRY_NOSYNC = 0x0001, MAP_ENTRY_STACK = 0x0002, MAP_ENTRY_COW = 0x0004;
    public const int MAP_ENTRY_NEEDS_COPY = 0x0008, MAP_ENTRY_NOFAULT = 0x0010, MAP_ENTRY_USER_WIRED = 0x0020;
    public const int MAP_ENTRY_BEHAV_NORMAL = 0x0000, MAP_ENTRY_BEHAV_SEQUENTIAL = 0x0040, MAP_ENTRY_BEHAV_RANDOM = 0x0080;
    public const int MAP_ENTRY_BEHAV_MASK = 0x00C0;
    public const int MAP_ENTRY_IN_TRANSITION = 0x0100, MAP_ENTRY_NEEDS_WAKEUP = 0x0200, MAP_ENTRY_NOCOREDUMP = 0x0400;

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
    /// <summary><c>eflags</c>: MAP_ENTRY_* above, including the MADV behaviour bits.</summary>
    public int eflags { get; internal set; }
    public int wired_count { get; internal set; }
    /// <summary><c>aux.master_pde</c>: the VPAGETABLE master page-directory value set by MADV_SETMAP (shares storage with avail_ssize).</summary>
    public ulong master_pde { get; internal set; }
    /// <summary>MADV_* behaviour last applied (MADV_NORMAL, MADV_RANDOM or MADV_SEQUENTIAL), mirrored from the
    /// MAP_ENTRY_BEHAV_* bits of <see cref="eflags"/>, kept for display.</summary>
    public int behavior { get; internal set; }

    public ulong Size => end - start;

    internal VmMapEntry Clone() => (VmMapEntry)MemberwiseClone();

    public override string ToString() =>
        $"[0x{start:x}-0x{end:x}) type={maptype} prot={protection}/{max_protection} inh={inheritance} eflags=0x{eflags:x} off=0x{offset:x} pde=0x{master_pde:x} obj={(@object is null ? "-" : @object.ToString())}";
}
