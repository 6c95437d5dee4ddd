// Models struct lock and lockmgr() of sys/kern/kern_lock.c (a2ee730d) as the vm_map lock uses it: shared or
// exclusive, upgradable, not recursive; a sleep lock, so it is kept across blocking. Every acquisition is a point
// where the real kernel may sleep. Run sequentially it is never contended (it records its mode and holders so "caller
// holds the map lock" can be asserted); under a scheduler a thread that cannot have it sleeps (losing its tokens)
// until the holders release it.
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct lock</c> (lockmgr): the sleep lock of a <c>vm_map</c>.</summary>
public sealed class Lockmgr(string name, long schedId = 0)
{
    // The blocking points' stable names, built once (every acquisition marks one).
    readonly string _exclusivePoint = name + " lock", _sharedPoint = name + " lock_read", _upgradePoint = name + " lock_upgrade";
    // The exclusive holder, or every sharer: the first in _h0, the others (only when calls interleave) in _more.
    Lwp? _h0;
    int _count;
    List<Lwp?>? _more;
    Lwp? _upgrader;                       // a sharer waiting to upgrade (LK_WANT_UPGRADE)

    /// <summary>How the lock is held.</summary>
    public enum LockMode { Unlocked, Shared, Exclusive }

    /// <summary>The lock's name ("vm_map").</summary>
    public string Name { get; } = name;

    /// <summary>Not in the C: the lock's identity for the schedule explorer's footprints.</summary>
    internal long SchedId { get; } = schedId;

    /// <summary>Unlocked, shared or exclusive.</summary>
    public LockMode Mode { get; private set; }

    /// <summary>The thread that took it (the first sharer when shared; null when taken outside any call, as at boot).</summary>
    public Lwp? Holder => _count > 0 ? _h0 : null;

    /// <summary><c>lockmgr(LK_EXCLUSIVE)</c>.</summary>
    internal void Exclusive(Machine m) => Acquire(m, LockMode.Exclusive, _exclusivePoint);

    /// <summary><c>lockmgr(LK_SHARED)</c>.</summary>
    internal void Shared(Machine m) => Acquire(m, LockMode.Shared, _sharedPoint);

    /// <summary><c>lockmgr(LK_UPGRADE)</c>: shared to exclusive; may sleep until the other sharers are gone. False when
    /// another sharer's upgrade is already pending: then, as lockmgr does, the shared lock is released and the
    /// upgrade fails (two upgraders would otherwise wait for each other).</summary>
    internal bool Upgrade(Machine m)
    {
        var me = m.CurrentCall?.Thread;
        Kassert.KKASSERT(Mode == LockMode.Shared && Holds(me), $"lockmgr: {Name} upgrade without the shared lock");
        m.RecordBlock(_upgradePoint);
        if (_upgrader is not null && _upgrader != me)
        {
            Release(m);
            return false;
        }
        _upgrader = me;
        m.Sched?.BeforeLock(this, LockMode.Exclusive, upgrade: true);
        _upgrader = null;
        Kassert.KKASSERT(_count == 1, $"lockmgr: {Name} upgraded while shared by others");
        Mode = LockMode.Exclusive;
        return true;
    }

    /// <summary><c>lockmgr(LK_RELEASE)</c>.</summary>
    internal void Release(Machine m)
    {
        var me = m.CurrentCall?.Thread;
        Kassert.KKASSERT(Mode != LockMode.Unlocked && Holds(me), $"lockmgr: {Name} released by a thread that does not hold it");
        RemoveHolder(me);
        if (_count == 0) Mode = LockMode.Unlocked;
        m.Sched?.Touched(SchedId);
    }

    /// <summary>True when the current call's thread holds the lock (in <paramref name="exclusive"/> mode if asked).</summary>
    internal bool HeldByCurrent(Machine m, bool exclusive) =>
        (exclusive ? Mode == LockMode.Exclusive : Mode != LockMode.Unlocked) && Holds(m.CurrentCall?.Thread);

    /// <summary>Not in the C: whether <paramref name="td"/> could take the lock in <paramref name="mode"/> now
    /// (for an upgrade: whether it is the only sharer left).</summary>
    internal bool AvailableTo(Lwp td, LockMode mode, bool upgrade) =>
        upgrade ? _count == 1 && _h0 == td
        : mode == LockMode.Shared ? Mode != LockMode.Exclusive
        : Mode == LockMode.Unlocked;

    void Acquire(Machine m, LockMode mode, string point)
    {
        m.RecordBlock(point);
        if (m.Sched is { } s)
            s.BeforeLock(this, mode, upgrade: false);
        else
            Kassert.KKASSERT(Mode == LockMode.Unlocked, $"lockmgr: {Name} already locked ({Mode}, by {Holder})");
        Mode = mode;
        AddHolder(m.CurrentCall?.Thread);
    }

    bool Holds(Lwp? td) => _count > 0 && (_h0 == td || (_more?.Contains(td) ?? false));

    void AddHolder(Lwp? td)
    {
        if (_count++ == 0) _h0 = td;
        else (_more ??= new()).Add(td);
    }

    void RemoveHolder(Lwp? td)
    {
        _count--;
        if (_h0 == td)
        {
            if (_more is { Count: > 0 }) { _h0 = _more[^1]; _more.RemoveAt(_more.Count - 1); }
            else _h0 = null;
        }
        else _more!.Remove(td);
    }
}
