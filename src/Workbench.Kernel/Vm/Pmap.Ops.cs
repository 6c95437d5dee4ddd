// Models pmap_enter, pmap_remove, pmap_remove_all (per object range), pmap_remove_pages and pmap_extract of sys/platform/pc64/x86_64/pmap.c (a2ee730d).
// Simplified: no TLB shoot-down (a single simulated CPU), no PV lists, no page-table page reclamation.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class Pmap
{
    /// <summary><c>pmap_enter</c>: install (or replace) the translation of the page containing <paramref name="va"/>.
    /// Caller holds the map lock (read or exclusive) in the kernel; no requirements in the model.</summary>
    internal void pmap_enter(ulong va, VmObject obj, ulong pindex, bool writable)
    {
        Kassert.KKASSERT(va < Param.VM_MAX_USER_ADDRESS, "pmap_enter: va beyond the user range");
        Ptes[Param.atop(va)] = new PmapPte(obj, pindex, writable);
        Machine.Counters.PmapEnters++;
    }

    /// <summary><c>pmap_remove</c>: drop every translation in [sva, eva). Counts each removed translation.
    /// No requirements.</summary>
    internal void pmap_remove(ulong sva, ulong eva)
    {
        if (eva <= sva || Ptes.Count == 0) return;
        ulong first = Param.atop(sva), last = Param.atop(Param.round_page(eva)); // [first, last)
        int removed = 0;
        if (last - first <= (ulong)Ptes.Count)
        {
            for (ulong vpn = first; vpn < last; vpn++)
                if (Ptes.Remove(vpn)) removed++;
        }
        else
        {
            var doomed = Ptes.Keys.Where(vpn => vpn >= first && vpn < last).ToList();
            foreach (var vpn in doomed) Ptes.Remove(vpn);
            removed = doomed.Count;
        }
        Machine.Counters.PmapRemoves += removed;
    }

    /// <summary><c>pmap_protect</c>(..., prot without VM_PROT_WRITE): make every translation in [sva, eva) read-only.
    /// No requirements.</summary>
    internal void pmap_protect_ro(ulong sva, ulong eva)
    {
        ulong first = Param.atop(sva), last = Param.atop(Param.round_page(eva));
        foreach (var (vpn, pte) in Ptes.Where(kv => kv.Key >= first && kv.Key < last && kv.Value.Writable).ToList())
            Ptes[vpn] = pte with { Writable = false };
    }

    /// <summary>Not in the C under this name: the <c>pmap_remove_all</c> that <c>vm_object_page_remove</c> runs on
    /// each page of <paramref name="obj"/> with <paramref name="start"/> &lt;= pindex &lt; <paramref name="end"/>,
    /// restricted to this pmap (the model keeps no PV lists, so the caller visits every pmap). Counts each removed
    /// translation. No requirements.</summary>
    internal void pmap_remove_object_pages(VmObject obj, ulong start, ulong end)
    {
        if (Ptes.Count == 0) return;
        var doomed = Ptes.Where(kv => kv.Value.Object == obj && kv.Value.Pindex >= start && kv.Value.Pindex < end)
            .Select(kv => kv.Key).ToList();
        foreach (var vpn in doomed) Ptes.Remove(vpn);
        Machine.Counters.PmapRemoves += doomed.Count;
    }

    /// <summary><c>pmap_remove_pages</c>: on pc64 this is plain <c>pmap_remove</c> (spec §2.2 step b). No requirements.
    /// May block (the teardown of a whole address space, spec §2.2).</summary>
    internal void pmap_remove_pages(ulong sva, ulong eva)
    {
        Machine.MayBlock("pmap_remove_pages");
        pmap_remove(sva, eva);
    }

    /// <summary><c>pmap_extract</c>: the translation of the page containing <paramref name="va"/>, if resident.
    /// No requirements.</summary>
    public bool pmap_extract(ulong va, out PmapPte pte) => Ptes.TryGetValue(Param.atop(va), out pte);
}
