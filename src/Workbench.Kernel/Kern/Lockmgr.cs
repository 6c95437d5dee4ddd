// Models struct lock and lockmgr() of sys/kern/kern_lock.c (a2ee730d) as the vm_map lock uses it: shared or
// exclusive, upgradable, not recursive. Simplified: every call is atomic in this version, so the lock is never
// contended; it records its mode and holder so "caller holds the map lock" can be asserted, and each acquisition is
// marked as a point where the real kernel may block (lockmgr sleeps when the lock is held).
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct lock</c> (lockmgr): the sleep lock of a <c>vm_map</c>.</summary>
public sealed class Lockmgr(string name)
{
    // The blocking points' stable names, built once (every acquisition marks one).
    readonly string _exclusivePoint = name + " lock", _sharedPoint = name + " lock_read", _upgradePoint = name + " lock_upgrade";

    /// <summary>How the lock is held.</summary>
    public enum LockMode { Unlocked, Shared, Exclusive }

    /// <summary>The lock's name ("vm_map").</summary>
    public string Name { get; } = name;

    /// <summary>Unlocked, shared or exclusive.</summary>
    public LockMode Mode { get; private set; }

    /// <summary>The thread that took it (the current call's LWP; null when taken outside any call, as at boot).</summary>
    public Lwp? Holder { get; private set; }

    /// <summary><c>lockmgr(LK_EXCLUSIVE)</c>.</summary>
    internal void Exclusive(Machine m)
    {
        m.MayBlock(_exclusivePoint);
        Kassert.KKASSERT(Mode == LockMode.Unlocked, $"lockmgr: {Name} already locked ({Mode}, by {Holder})");
        Take(m, LockMode.Exclusive);
    }

    /// <summary><c>lockmgr(LK_SHARED)</c>.</summary>
    internal void Shared(Machine m)
    {
        m.MayBlock(_sharedPoint);
        Kassert.KKASSERT(Mode == LockMode.Unlocked, $"lockmgr: {Name} already locked ({Mode}, by {Holder})");
        Take(m, LockMode.Shared);
    }

    /// <summary><c>lockmgr(LK_UPGRADE)</c>: shared to exclusive; may sleep until the other sharers are gone.</summary>
    internal void Upgrade(Machine m)
    {
        m.MayBlock(_upgradePoint);
        Kassert.KKASSERT(Mode == LockMode.Shared && IsHolder(m), $"lockmgr: {Name} upgrade without the shared lock");
        Take(m, LockMode.Exclusive);
    }

    /// <summary><c>lockmgr(LK_RELEASE)</c>.</summary>
    internal void Release(Machine m)
    {
        Kassert.KKASSERT(Mode != LockMode.Unlocked && IsHolder(m), $"lockmgr: {Name} released by a thread that does not hold it");
        Mode = LockMode.Unlocked;
        Holder = null;
    }

    /// <summary>True when the current call's thread holds the lock (in <paramref name="exclusive"/> mode if asked).</summary>
    internal bool HeldByCurrent(Machine m, bool exclusive) =>
        (exclusive ? Mode == LockMode.Exclusive : Mode != LockMode.Unlocked) && IsHolder(m);

    bool IsHolder(Machine m) => Holder == m.CurrentCall?.Thread;

    void Take(Machine m, LockMode mode)
    {
        Mode = mode;
        Holder = m.CurrentCall?.Thread;
    }
}
