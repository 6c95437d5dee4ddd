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
            why = $"entry {i} {e}";
            if (e.start >= e.end) { why += ": start >= end"; return false; }
            if (((e.start | e.end | e.offset) & Param.PAGE_MASK) != 0) { why += ": not page-aligned"; return false; }
            if (e.start < min_offset || e.end > max_offset) { why += $": outside [0x{min_offset:x}, 0x{max_offset:x})"; return false; }
            if (i > 0 && e.start < prevEnd) { why += $": overlaps or precedes the previous entry ending at 0x{prevEnd:x}"; return false; }
            if (e.maptype is not (Mman.VM_MAPTYPE_NORMAL or Mman.VM_MAPTYPE_VPAGETABLE)) { why += ": bad maptype"; return false; }
            if (e.@object is { } o && (o.Dead || o.RefCount < 1)) { why += ": references a dead object"; return false; }
            prevEnd = e.end;
            sum += e.Size;
        }
        if (sum != size) { why = $"size is 0x{size:x} instead of the sum of entries 0x{sum:x}"; return false; }
        why = null;
        return true;
    }
}

public sealed partial class VmSpace
{
    /// <summary>The map's invariants, plus: every pmap translation lies inside a mapped entry, is writable only where
    /// the entry allows writing, and maps the entry's own page (object and pindex from the entry's offset) or, for a
    /// copy-on-write shadow, the corresponding page of its backing object (for VPAGETABLE entries: some page of that
    /// object, the one the walk chose). No requirements.</summary>
    internal bool CheckInvariants(out string? why)
    {
        if (!vm_map.CheckInvariants(out why)) { why = $"{this} map: {why}"; return false; }
        foreach (var (vpn, pte) in vm_pmap.Ptes)
        {
            ulong va = Param.ptoa(vpn);
            var e = vm_map.vm_map_lookup_entry(va);
            if (e is null) { why = $"{this}: translation at 0x{va:x} outside every entry"; return false; }
            if (pte.Writable && (e.protection & Mman.VM_PROT_WRITE) == 0)
            {
                why = $"{this}: writable translation at 0x{va:x} in a non-writable entry {e}";
                return false;
            }
            if (pte.Object.Dead) { why = $"{this}: translation at 0x{va:x} names a dead object"; return false; }
            // A VPAGETABLE translation maps whatever page of the entry's object the guest's tables chose (spec §4.4),
            // possibly a stale choice until an INVAL (spec §7 B2): only the object is checked.
            bool vpt = e.maptype == Mman.VM_MAPTYPE_VPAGETABLE;
            ulong pindex = Param.atop(va - e.start + e.offset);
            bool ours = pte.Object == e.@object && (vpt || pte.Pindex == pindex);
            bool backing = e.@object is { BackingObject: { } b } o && pte.Object == b &&
                (vpt || pte.Pindex == pindex + o.BackingOffsetPages);
            if (!ours && !backing)
            {
                why = $"{this}: translation at 0x{va:x} maps {pte.Object} page {pte.Pindex}, not page {pindex} of entry {e}";
                return false;
            }
        }
        why = null;
        return true;
    }
}
