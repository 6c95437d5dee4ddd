// Models struct pmap (sys/platform/pc64/x86_64/pmap.c, a2ee730d) as the set of resident hardware translations.
// Simplified: a translation is (object, pindex, writable) per virtual page; no page-table pages, no PV lists.
namespace Workbench.Kernel.Vm;

/// <summary><c>struct pmap</c>: the resident translations that faults fill and INVAL/SETMAP/unmap/destroy discard.</summary>
public sealed partial class Pmap
{
    internal Pmap(Machine machine) { Machine = machine; }

    /// <summary>The machine whose counters pmap_enter/pmap_remove bump.</summary>
    internal Machine Machine { get; }

    /// <summary>Translations by virtual page number (va &gt;&gt; PAGE_SHIFT).</summary>
    internal readonly Dictionary<ulong, PmapPte> Ptes = new();

    /// <summary>Set by <c>pmap_pinit2</c> (the pmap joined the global pmap list).</summary>
    public bool Pinit2Done { get; internal set; }

    /// <summary><c>pm_stats.resident_count</c>.</summary>
    public int ResidentCount => Ptes.Count;

    /// <summary>Resident translations in ascending va order, for display and invariant checks.</summary>
    public IEnumerable<(ulong Va, PmapPte Pte)> Entries => Ptes.OrderBy(kv => kv.Key).Select(kv => (kv.Key << Sys.Param.PAGE_SHIFT, kv.Value));
}
