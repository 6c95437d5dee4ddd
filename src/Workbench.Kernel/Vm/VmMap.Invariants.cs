// Invariant checks of the modelled vm_map and vmspace (instrumented: they read, they change nothing). Used by
// tests after every step and by the census.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary>Entries sorted, disjoint, non-empty, page-aligned, within [min_offset, max_offset], of a known
    /// maptype, referencing live objects; <see cref="size"/> equals the sum of their sizes. No requirements.</summary>
    internal bool CheckInvariants(out string? why)
    {
        ulong sum = 0, prevEnd = min_offset;
        for (int i = 0; i < Entries.Count; i++)
        {
            var e = Entries[i];
            // The sentence is built only for a broken entry: this runs after every call of a fuzz or replay.
            string? rule =
                e.start >= e.end ? "start >= end"
                : ((e.start | e.end | e.offset) & Param.PAGE_MASK) != 0 ? "not page-aligned"
                : e.start < min_offset || e.end > max_offset ? $"outside [0x{min_offset:x}, 0x{max_offset:x})"
                : i > 0 && e.start < prevEnd ? $"overlaps or precedes the previous entry ending at 0x{prevEnd:x}"
                : e.maptype is not (Mman.VM_MAPTYPE_NORMAL or Mman.VM_MAPTYPE_VPAGETABLE) ? "bad maptype"
                : e.@object is { } o && (o.Dead || o.RefCount < 1) ? "references a dead object"
                : null;
            if (rule is not null) { why = $"entry {i} {e}: {rule}"; return false; }
            prevEnd = e.end;
            sum += e.Size;
        }
        if (sum != size) { why = $"size is 0x{size:x} instead of the sum of entries 0x{sum:x}"; return false; }
        why = null;
        return true;
    }
}
