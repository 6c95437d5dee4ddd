// Models vm_fault_vpagetable of sys/vm/vm_fault.c (a2ee730d): the walk of the vkernel's virtual page table for a
// VM_MAPTYPE_VPAGETABLE entry (spec §4.4). Faithful: the 2012 VPTE layout (V 0x1, PS 0x2, R 0x4, W 0x8, A 0x20,
// M 0x40), 4 levels of 9 bits from shift 36, R checked on read faults and W on write faults, PS or shift 0 stops,
// the table pages are pages of the entry's own object faulted in READ|WRITE, and A / M|A are written back with a
// plain OR after testing the value read (not a compare-and-swap: spec §7 A2). The master value is never written.
// Simplified: vm_page_dirty / PG_REFERENCED / vm_page_activate of the table page are not modelled (no paging).
using System.Buffers.Binary;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary><c>vm_fault_vpagetable(fs, &amp;pindex, vpte, fault_type)</c>: walk the N-level table that lives in the
    /// entry's own object, starting from <paramref name="vpte"/> (the entry's master_pde), and replace
    /// <paramref name="pindex"/> by the object page the guest's tables map it to. Returns KERN_SUCCESS or
    /// KERN_FAILURE (invalid, unreadable or unwritable vpte), or the error of faulting in a table page. Caller holds
    /// the map read lock. Blocks when a table page must be allocated or read (spec §4.4 c).</summary>
    int vm_fault_vpagetable(VmMapEntry e, ref ulong pindex, ulong vpte, int fault_type)
    {
        AssertLocked("vm_fault_vpagetable");
        var c = Machine.Counters;
        c.VpagetableWalks++;
        int vshift = VPTE_FRAME_END - Param.PAGE_SHIFT;   // index bits remaining: 36 on 64-bit
        int levels = 0, a = 0, m = 0;
        for (;;)
        {
            // a. We cannot proceed if the vpte is not valid, not readable for a read fault, or not writable for a
            //    write fault.
            VpteFailure why = VpteFailure.None;
            if ((vpte & VPTE_V) == 0) why = VpteFailure.NotValid;
            else if ((fault_type & Mman.VM_PROT_READ) != 0 && (vpte & VPTE_R) == 0) why = VpteFailure.NotReadable;
            else if ((fault_type & Mman.VM_PROT_WRITE) != 0 && (vpte & VPTE_W) == 0) why = VpteFailure.NotWritable;
            if (why != VpteFailure.None)
            {
                Machine.LastWalk = new VpteWalk(true, levels, a, m, why, vpte, 0);
                return Mman.KERN_FAILURE;
            }
            // b. A large page (or the linear master mapping) or the last level ends the walk.
            if ((vpte & VPTE_PS) != 0 || vshift == 0)
                break;
            Kassert.KKASSERT(vshift >= VPTE_PAGE_BITS, "vm_fault_vpagetable: vshift underflow");

            // c. Get the page-table page. Nominally we only read it, but A and M may be set: fault it READ|WRITE.
            int rv = vm_fault_page(e, (vpte & VPTE_FRAME) >> Param.PAGE_SHIFT, write: true, out var table, out _, out _);
            if (rv != Mman.KERN_SUCCESS)
            {
                Machine.LastWalk = new VpteWalk(true, levels, a, m, VpteFailure.TablePage, vpte, 0);
                return rv;
            }

            // d. Index it with the next bits of the object-relative pindex.
            vshift -= VPTE_PAGE_BITS;
            int off = (int)((pindex >> vshift) & (VPTE_PAGE_ENTRIES - 1)) * sizeof(ulong);
            Machine.AtomicStep("vm_fault_vpagetable: vpte read", Sched.SchedObj.Page, 0); // lock-free: the vkernel may store meanwhile
            vpte = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(off));
            levels++;
            c.VpteReads++;

            // e. Write-back, tested on the value just read; atomic_set_long ORs into memory (no CAS, spec §7 A2).
            //    XXX (kernel comment): VPTE_M is not set properly for page-directory pages.
            Machine.AtomicStep("vm_fault_vpagetable: A/M write-back", Sched.SchedObj.Page, 0);
            if (Machine.VpteWriteBackCas)
            {
                vpte = vpte_writeback_cas(table, off, fault_type, ref a, ref m);
                continue;
            }
            if ((fault_type & Mman.VM_PROT_WRITE) != 0 && (vpte & VPTE_V) != 0 && (vpte & VPTE_W) != 0 &&
                (vpte & (VPTE_M | VPTE_A)) != (VPTE_M | VPTE_A))
            {
                atomic_set_long(table, off, VPTE_M | VPTE_A);
                m++;
                c.VpteMUpdates++;
            }
            if ((fault_type & Mman.VM_PROT_READ) != 0 && (vpte & VPTE_V) != 0 && (vpte & VPTE_R) != 0 &&
                (vpte & VPTE_A) == 0)
            {
                atomic_set_long(table, off, VPTE_A);
                a++;
                c.VpteAUpdates++;
            }
            // f. Release the table page and validate the new vpte.
        }
        // Combine the remaining address bits with the vpte's frame.
        pindex = ((vpte & VPTE_FRAME) >> Param.PAGE_SHIFT) + (pindex & ((1UL << vshift) - 1));
        Machine.LastWalk = new VpteWalk(true, levels, a, m, VpteFailure.None, 0, pindex);
        return Mman.KERN_SUCCESS;
    }

    /// <summary><c>atomic_set_long(ptep, bits)</c>: OR <paramref name="bits"/> into the word in memory (whatever it
    /// holds now, not the value the caller tested).</summary>
    static void atomic_set_long(byte[] page, int off, ulong bits)
    {
        var w = page.AsSpan(off, sizeof(ulong));
        BinaryPrimitives.WriteUInt64LittleEndian(w, BinaryPrimitives.ReadUInt64LittleEndian(w) | bits);
    }
}
