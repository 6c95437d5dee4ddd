// Invariant checks of the modelled vm_map and vmspace (instrumented: they read, they change nothing). Used by
// tests after every step and by the census.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmSpace
{
    /// <summary>The map's invariants, plus: every pmap translation lies inside a mapped entry, is writable only where
    /// the entry allows writing, and maps the entry's own page (object and pindex from the entry's offset) or, for a
    /// copy-on-write shadow, the corresponding page of its backing object (for VPAGETABLE entries: some page of that
    /// object, the one the walk chose). No requirements.</summary>
    internal bool CheckInvariants(out string? why)
    {
        if (!vm_map.CheckInvariants(out why)) { why = $"{this} map: {why}"; return false; }
        return CheckTranslations(out why);
    }

    /// <summary>Not in the C: the translation half of <see cref="CheckInvariants"/>, for a map already checked.</summary>
    internal bool CheckTranslations(out string? why)
    {
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
