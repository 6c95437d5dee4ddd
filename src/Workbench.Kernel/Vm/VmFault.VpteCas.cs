// 5947157eb0effa08048af245e271b7441b862ce3 (2017-01-26): the vpagetable walk's A/M write-back becomes a compare-and-
// swap loop: "entire operation including validation of the pte must be atomic to avoid races against the vkernel
// changing the pte". Fixes spec §7 A2. Kept on the 2012 VPTE layout (R bit checked on reads), which the model's
// walk uses for every design; the commit's own layout (no R bit) is not modelled.
using System.Buffers.Binary;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    /// <summary>The write-back of 5947157e: read the word again, compute the bits to add from that value, and store
    /// them only if the word still holds it (one model step: the compare-and-set cannot fail here, and a changed word
    /// is simply the value re-read and re-tested). Returns the value the walk goes on with (validated at its loop
    /// head: a zeroed or downgraded word now fails the walk instead of being resurrected).</summary>
    ulong vpte_writeback_cas(byte[] table, int off, int fault_type, ref int a, ref int m)
    {
        ulong vpte = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(off)); // cpu_ccfence: the current word
        ulong nvpte = vpte;
        if ((fault_type & Sys.Mman.VM_PROT_WRITE) != 0 && (vpte & VPTE_V) != 0 && (vpte & VPTE_W) != 0) nvpte |= VPTE_M | VPTE_A;
        if ((fault_type & Sys.Mman.VM_PROT_READ) != 0 && (vpte & VPTE_V) != 0 && (vpte & VPTE_R) != 0) nvpte |= VPTE_A;
        if (nvpte != vpte)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(off), nvpte); // atomic_cmpset_long(ptep, vpte, nvpte)
            // Counted as the blind OR counts: an M|A write-back, else an A write-back.
            if ((fault_type & Sys.Mman.VM_PROT_WRITE) != 0 && ((vpte ^ nvpte) & (VPTE_M | VPTE_A)) != 0) { m++; Machine.Counters.VpteMUpdates++; }
            else { a++; Machine.Counters.VpteAUpdates++; }
        }
        return vpte;
    }
}
