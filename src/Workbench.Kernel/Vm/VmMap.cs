// Models struct vm_map (sys/vm/vm_map.h, vm_map.c, a2ee730d): an ordered set of non-overlapping entries.
// Simplified: entries are kept in a sorted list (binary search) instead of the kernel's RB tree + hint.
namespace Workbench.Kernel.Vm;

/// <summary><c>struct vm_map</c>.</summary>
public sealed partial class VmMap
{
    internal VmMap(VmSpace vmspace, ulong min, ulong max)
    {
        Vmspace = vmspace;
        min_offset = min;
        max_offset = max;
    }

    internal VmSpace Vmspace { get; }

    public ulong min_offset { get; }
    public ulong max_offset { get; }

    // Guarded by the map lock (vm_map_lock); in this model every call is atomic.
    /// <summary>Entries in ascending address order, disjoint.</summary>
    internal readonly List<VmMapEntry> Entries = new();

    /// <summary><c>timestamp</c>: incremented by every exclusive lock (spec §1.1, §4.6).</summary>
    public uint timestamp { get; internal set; }

    /// <summary><c>nentries</c>.</summary>
    public int nentries => Entries.Count;

    /// <summary><c>size</c>: bytes mapped.</summary>
    public ulong size { get; internal set; }

    /// <summary>Entries in ascending address order.</summary>
    public IReadOnlyList<VmMapEntry> entries => Entries;
}
