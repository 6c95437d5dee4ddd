// Models the vkernel64 pmap (sys/platform/vkernel64/platform/pmap.c, pmap_inval.c, 2012): guest page tables as
// 4-level vpte trees in the memory file, cpu_vmspace_alloc / cpu_vmspace_free (spec §6.2) and the invalidation
// protocol of spec §6.5, where every change to a valid vpte is followed by vmspace_mcontrol(MADV_INVAL):
//   pmap_enter over a valid pte -> pmap_clean_pte: clear W, INVAL, read the status, then the new pte
//   pmap_setro_pte (COW at fork)  : clear W, INVAL, merge M
//   pmap_inval_loadandclear       : clear R and W, INVAL, merge A/M, zero       (per resident page at teardown)
// A pte written over an invalid one needs no INVAL. Simplified: no PV lists, no wiring, guest kernel KVA untouched.
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest;

public sealed partial class Vkernel
{
    const ulong TableBits = VPTE_V | VPTE_R | VPTE_W | VPTE_U;
    readonly SortedSet<ulong> _freeIdSlots = new();
    ulong _nextIdSlot;

    /// <summary>A zeroed physical page (vm_page_alloc + vm_page_zero_fill when the page held data before).</summary>
    ulong AllocZeroed(VkernelCpu cpu)
    {
        ulong pa = Phys.Alloc(out bool reused);
        if (reused)
        {
            Stats.PagesZeroed++;
            for (ulong off = 0; off < 0x1000; off += 8) Store(cpu, pa + off, 0);
        }
        return pa;
    }

    /// <summary><c>pmap_pinit</c> + <c>cpu_vmspace_alloc</c>: a new guest pmap with a zeroed PML4, and its host
    /// vmspace: create, mmap the whole user range VPAGETABLE, NOSYNC (result ignored), SETMAP(PML4|R|W|V).</summary>
    internal GuestPmap pmap_pinit(VkernelCpu cpu)
    {
        ulong slot = _freeIdSlots.Count > 0 ? _freeIdSlots.Min : _nextIdSlot++;
        _freeIdSlots.Remove(slot);
        var pm = new GuestPmap(PmapArray + slot * PmapStride, AllocZeroed(cpu));
        HostProtocol.cpu_vmspace_alloc(Machine, cpu.Lwp, pm.VmspaceId, MemFd, HostProtocol.Master(pm.Pml4), OnHostCall);
        return pm;
    }

    /// <summary><c>pmap_remove_pages</c> + <c>pmap_release</c> + <c>cpu_vmspace_free</c>: load-and-clear every
    /// resident pte (one INVAL each), free the pages and tables, then vmspace_destroy (any error panics, §7 B4).</summary>
    internal void pmap_release(VkernelCpu cpu, GuestPmap pm, int pid, bool exec)
    {
        long before = Stats.Invals;
        int resident = pm.Resident.Count, tables = pm.Tables.Count;
        foreach (var (vpn, pa) in pm.Resident)
        {
            pmap_inval_loadandclear(cpu, pm, vpn);
            Phys.Free(pa);
        }
        pm.Resident.Clear();
        foreach (var pa in pm.Tables.Values) Phys.Free(pa);
        pm.Tables.Clear();
        Phys.Free(pm.Pml4);
        var destroyed = HostProtocol.cpu_vmspace_free(Machine, cpu.Lwp, pm.VmspaceId, OnHostCall);
        if (!destroyed.Ok) throw new VkernelPanicException($"vmspace_destroy failed: {destroyed.Format()}");
        _freeIdSlots.Add((pm.VmspaceId - PmapArray) / PmapStride);
        Stats.Teardowns.Add(new TeardownRecord(pid, exec, resident, (int)(Stats.Invals - before), tables));
    }

    /// <summary>The physical address of the leaf vpte for <paramref name="vpn"/>, creating missing table pages (a new
    /// directory entry replaces an invalid one: no INVAL), or 0 when a table is missing and not created.</summary>
    ulong pmap_pte(VkernelCpu cpu, GuestPmap pm, ulong vpn, bool create)
    {
        ulong table = pm.Pml4;
        for (int level = 3; level >= 1; level--)
        {
            int shift = 9 * level;
            ulong slot = table + ((vpn >> shift) & 511) * 8;
            var key = (level, vpn >> shift);
            if (!pm.Tables.TryGetValue(key, out ulong next))
            {
                if (!create) return 0;
                next = AllocZeroed(cpu);
                pm.Tables[key] = next;
                Store(cpu, slot, next | TableBits);
            }
            table = next;
        }
        return table + (vpn & 511) * 8;
    }

    /// <summary><c>pmap_enter</c>: map guest <paramref name="va"/> to <paramref name="pa"/>. Over a valid pte the old
    /// one is cleaned first (pmap_clean_pte: one INVAL); over an invalid one the store is enough.</summary>
    internal void pmap_enter(VkernelCpu cpu, GuestPmap pm, ulong va, ulong pa, bool writable)
    {
        ulong vpn = va >> 12;
        ulong ptep = pmap_pte(cpu, pm, vpn, create: true);
        ulong npte = pa | VPTE_V | VPTE_R | VPTE_U | VPTE_MANAGED | (writable ? VPTE_W : 0);
        if (pm.Resident.ContainsKey(vpn))
        {
            ulong old = Load(cpu, ptep);
            Store(cpu, ptep, old & ~VPTE_W);
            Inval(cpu, pm, va & ~0xfffUL);
            if ((Load(cpu, ptep) & VPTE_M) != 0) Stats.DirtyMerged++;
        }
        Store(cpu, ptep, npte);
        pm.Resident[vpn] = pa;
    }

    /// <summary><c>pmap_setro_pte</c> for a valid writable pte: clear W, INVAL, merge M (pmap_protect at fork).</summary>
    internal void pmap_setro(VkernelCpu cpu, GuestPmap pm, ulong vpn)
    {
        ulong ptep = pmap_pte(cpu, pm, vpn, create: false);
        ulong pte = Load(cpu, ptep);
        if ((pte & VPTE_V) == 0 || (pte & VPTE_W) == 0) return;
        Store(cpu, ptep, pte & ~VPTE_W);
        Inval(cpu, pm, vpn << 12);
        if ((Load(cpu, ptep) & VPTE_M) != 0) Stats.DirtyMerged++;
    }

    /// <summary><c>pmap_inval_loadandclear</c>: clear R and W, INVAL, merge A/M, zero.</summary>
    void pmap_inval_loadandclear(VkernelCpu cpu, GuestPmap pm, ulong vpn)
    {
        ulong ptep = pmap_pte(cpu, pm, vpn, create: false);
        ulong pte = Load(cpu, ptep);
        Store(cpu, ptep, pte & ~(VPTE_R | VPTE_W));
        Inval(cpu, pm, vpn << 12);
        if ((Load(cpu, ptep) & VPTE_M) != 0) Stats.DirtyMerged++;
        Store(cpu, ptep, 0);
    }

    /// <summary><c>pmap_inval_cpu</c> for a guest user pmap: vmspace_mcontrol(id, va, PAGE_SIZE, MADV_INVAL, 0).</summary>
    void Inval(VkernelCpu cpu, GuestPmap pm, ulong va)
    {
        Stats.Invals++;
        HostProtocol.pmap_inval_cpu(Machine, cpu.Lwp, pm.VmspaceId, va, 0x1000, OnHostCall);
    }
}
