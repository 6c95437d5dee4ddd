// 76f1911e607287d1cad1cece8db8d5d9bae6ca23 (2017-01-23) moved MADV_INVAL to a shared map lock (vm_map_madvise's
// "shared locked map version": no clipping, pmap_remove of each overlapping entry's part of the range), which let an
// INVAL run beside a fault that had walked the old vpte but not yet entered its page (spec §7 A3).
// fc531fbc3f1e79529ed3c8b6f4a7a528932afd33 (2017-02-04), "Fix more pagein/pageout corruption": a VA-range interlock
// (vm_map_interlock / vm_map_deinterlock) that vm_fault holds on the faulting page from before the walk until after
// pmap_enter, and that the shared INVAL takes around its pmap_remove. Mechanics read from both commits' vm_map.c and
// vm_fault.c; the interleaving is inferred. The seed's vm_map_madvise and vm_fault stay as they are; these units run
// only under those designs.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

public sealed partial class VmMap
{
    // Guarded by ilock_spin in the kernel; by the one running modelled thread here.
    readonly List<(ulong Beg, ulong End)> _ilocks = new();

    /// <summary>MADV_INVAL under the shared map lock (76f1911e): for each entry overlapping [start, end) (NORMAL or
    /// VPAGETABLE), pmap_remove its part of the range, inside the VA interlock from fc531fbc on. Returns 0.</summary>
    internal int madvise_inval_shared(ulong start, ulong end)
    {
        using var _ = LockedShared();
        VM_MAP_RANGE_CHECK(ref start, ref end);
        foreach (var e in Entries.ToArray())
        {
            if (e.end <= start || e.start >= end) continue;
            if (e.maptype != Mman.VM_MAPTYPE_NORMAL && e.maptype != Mman.VM_MAPTYPE_VPAGETABLE) continue;
            ulong useStart = Math.Max(start, e.start), useEnd = Math.Min(end, e.end);
            bool ilock = Machine.FaultInvalInterlock;
            if (ilock) vm_map_interlock(useStart, useEnd);
            Vmspace.vm_pmap.pmap_remove(useStart, useEnd);
            if (ilock) vm_map_deinterlock(useStart, useEnd);
        }
        return 0;
    }

    /// <summary><c>vm_map_interlock(map, &amp;ilock, beg, end)</c> (fc531fbc): sleep while another interlock overlaps
    /// [beg, end), then hold it.</summary>
    internal void vm_map_interlock(ulong beg, ulong end)
    {
        bool Free() => !_ilocks.Exists(l => end > l.Beg && beg < l.End);
        if (!Free())
        {
            Kassert.KKASSERT(Machine.Sched is not null, "vm_map_interlock: overlapping interlock in a sequential run");
            Machine.RecordBlock("vm_map_interlock");
            Machine.Sched!.SleepUntil("vm_map_interlock", Sched.SchedObj.Of(Sched.SchedObj.Vmspace, Vmspace.Id), Free);
        }
        _ilocks.Add((beg, end));
    }

    /// <summary><c>vm_map_deinterlock</c>: release (and wake the sleepers: they become runnable).</summary>
    internal void vm_map_deinterlock(ulong beg, ulong end)
    {
        Kassert.KKASSERT(_ilocks.Remove((beg, end)), "vm_map_deinterlock: missing ilock!");
        Machine.Sched?.Touched(Sched.SchedObj.Of(Sched.SchedObj.Vmspace, Vmspace.Id));
    }
}
