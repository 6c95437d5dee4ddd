// Models struct vm_map (sys/vm/vm_map.h, vm_map.c, a2ee730d): an ordered set of non-overlapping entries.
// Simplified: entries are kept in a sorted list (binary search) instead of the kernel's RB tree + hint. The map
// lock is a lockmgr lock object (Kern/Lockmgr.cs) with its mode and holder; every exclusive acquisition bumps
// timestamp and Counters.MapLocksExclusive as the kernel's does.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

/// <summary><c>struct vm_map</c>.</summary>
public sealed partial class VmMap
{
    internal VmMap(VmSpace vmspace, ulong min, ulong max)
    {
        Vmspace = vmspace;
        var obj = Sched.SchedObj.Of(Sched.SchedObj.Vmspace, vmspace.Id);
        token = new LwkToken("vm_map", obj);
        @lock = new Lockmgr("vm_map", obj);
        min_offset = min;
        max_offset = max;
    }

    internal VmSpace Vmspace { get; }

    internal Machine Machine => Vmspace.Machine;

    public ulong min_offset { get; }
    public ulong max_offset { get; }

    /// <summary><c>token</c>: the per-map LWKT token (kern_mmap and sys_munmap take it around their map work).</summary>
    public LwkToken token { get; }

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

    /// <summary><c>lock</c>: the map's lockmgr lock (shared for lookups and faults, exclusive for changes).</summary>
    public Lockmgr @lock { get; }

    /// <summary><c>vm_map_lock</c>: exclusive; bumps <see cref="timestamp"/>. Not recursive (lockmgr). May block.</summary>
    internal void vm_map_lock()
    {
        @lock.Exclusive(Machine);
        timestamp++;
        Machine.Counters.MapLocksExclusive++;
    }

    /// <summary><c>vm_map_lock_read</c>: shared. May block.</summary>
    internal void vm_map_lock_read() => @lock.Shared(Machine);

    /// <summary><c>vm_map_lock_upgrade</c>: shared to exclusive (the fault path allocating an object or shadowing).
    /// May block. Returns 0, or nonzero when another thread's upgrade is already pending: lockmgr's LK_UPGRADE then
    /// fails and drops the shared lock, and the caller must relock and retry (only possible when calls interleave).</summary>
    internal int vm_map_lock_upgrade()
    {
        if (!@lock.Upgrade(Machine)) return Errno.EBUSY;
        timestamp++;
        Machine.Counters.MapLocksExclusive++;
        return 0;
    }

    /// <summary><c>vm_map_unlock</c> / <c>vm_map_unlock_read</c>.</summary>
    internal void vm_map_unlock() => @lock.Release(Machine);

    /// <summary>"Caller holds the map lock": asserted where a function's summary states it.</summary>
    void AssertLocked(string fn) => Kassert.KKASSERT(@lock.HeldByCurrent(Machine, exclusive: false), fn + ": map not locked by the caller");
    void AssertExclusive(string fn) => Kassert.KKASSERT(@lock.HeldByCurrent(Machine, exclusive: true), fn + ": map not exclusively locked by the caller");

    /// <summary>A scope that unlocks the map: <c>using var _ = Locked();</c> replaces the C unlock-on-every-return.</summary>
    Unlocker LockedExclusive() { vm_map_lock(); return new Unlocker(this); }
    Unlocker LockedShared() { vm_map_lock_read(); return new Unlocker(this); }

    readonly struct Unlocker(VmMap map) : IDisposable
    {
        public void Dispose() => map.vm_map_unlock();
    }
}
