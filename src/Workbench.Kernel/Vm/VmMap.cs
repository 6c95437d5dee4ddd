// Models struct vm_map (sys/vm/vm_map.h, vm_map.c, a2ee730d): an ordered set of non-overlapping entries.
// Simplified: entries are kept in a sorted list (binary search) instead of the kernel's RB tree + hint; the
// lockmgr lock is a state flag (each system call is atomic in this version), but every exclusive acquisition
// bumps timestamp and Counters.MapLocksExclusive as the kernel's does.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Vm;

/// <summary><c>struct vm_map</c>.</summary>
public sealed partial class VmMap
{
    internal VmMap(VmSpace vmspace, ulong min, ulong max)
    {
        Vmspace = vmspace;
        min_offset = min;
        max_offset = max;
    }

    internal VmSpace Vmspace { get; }

    internal Machine Machine => Vmspace.Machine;

    public ulong min_offset { get; }
    public ulong max_offset { get; }

    /// <summary><c>token</c>: the per-map LWKT token (kern_mmap and sys_munmap take it around their map work).</summary>
    public LwkToken token { get; } = new("vm_map");

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

    enum LockState { Unlocked, Shared, Exclusive }
    LockState _lock;

    /// <summary><c>vm_map_lock</c>: exclusive; bumps <see cref="timestamp"/>. Not recursive (lockmgr).</summary>
    internal void vm_map_lock()
    {
        Kassert.KKASSERT(_lock == LockState.Unlocked, "vm_map_lock: map already locked");
        _lock = LockState.Exclusive;
        timestamp++;
        Machine.Counters.MapLocksExclusive++;
    }

    /// <summary><c>vm_map_lock_read</c>: shared.</summary>
    internal void vm_map_lock_read()
    {
        Kassert.KKASSERT(_lock == LockState.Unlocked, "vm_map_lock_read: map already locked");
        _lock = LockState.Shared;
    }

    /// <summary><c>vm_map_lock_upgrade</c>: shared to exclusive (the fault path allocating an object or shadowing).</summary>
    internal void vm_map_lock_upgrade()
    {
        Kassert.KKASSERT(_lock == LockState.Shared, "vm_map_lock_upgrade: not read-locked");
        _lock = LockState.Exclusive;
        timestamp++;
        Machine.Counters.MapLocksExclusive++;
    }

    /// <summary><c>vm_map_unlock</c> / <c>vm_map_unlock_read</c>.</summary>
    internal void vm_map_unlock()
    {
        Kassert.KKASSERT(_lock != LockState.Unlocked, "vm_map_unlock: map not locked");
        _lock = LockState.Unlocked;
    }

    void AssertLocked(string fn) => Kassert.KKASSERT(_lock != LockState.Unlocked, fn + ": map not locked");
    void AssertExclusive(string fn) => Kassert.KKASSERT(_lock == LockState.Exclusive, fn + ": map not exclusively locked");

    /// <summary>A scope that unlocks the map: <c>using var _ = Locked();</c> replaces the C unlock-on-every-return.</summary>
    Unlocker LockedExclusive() { vm_map_lock(); return new Unlocker(this); }
    Unlocker LockedShared() { vm_map_lock_read(); return new Unlocker(this); }

    readonly struct Unlocker(VmMap map) : IDisposable
    {
        public void Dispose() => map.vm_map_unlock();
    }
}
