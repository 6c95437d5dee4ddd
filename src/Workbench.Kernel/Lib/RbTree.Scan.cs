// Models DragonFly sys/tree.h RB_SCAN (with its in-progress scan list that RB_REMOVE adjusts) and RB_FOREACH.
// See RbTree.cs for the fidelity label.
namespace Workbench.Kernel.Lib;

public sealed partial class RbTree<T>
{
    // struct rb_scan_info: one per RB_SCAN in progress, newest first. node is the next element that scan visits;
    // RB_REMOVE moves it past an element being removed, so a callback may remove what it was given (or anything else).
    sealed class ScanInfo
    {
        internal T? node;
        internal ScanInfo? link;
    }

    ScanInfo? _scans;

    /// <summary>
    /// <c>RB_SCAN(name, head, NULL, callback, data)</c>: calls <paramref name="callback"/> on every element in key
    /// order. The callback may RB_REMOVE the element it was given, or any other. A negative return stops the scan and
    /// becomes the result; otherwise the result is the sum of the returns. vkernel_exit scans with
    /// rb_vmspace_delete, which removes each entry it visits.
    /// </summary>
    public int RB_SCAN(Func<T, int> callback) => RB_SCAN(null, callback);

    /// <summary>
    /// <c>RB_SCAN(name, head, scancmp, callback, data)</c>: like <see cref="RB_SCAN(Func{T,int})"/> but visits only the
    /// contiguous range where <paramref name="scancmp"/> returns 0 (it returns &lt;0 for elements below the range and
    /// &gt;0 above it); a null <paramref name="scancmp"/> selects every element.
    /// </summary>
    public int RB_SCAN(Func<T, int>? scancmp, Func<T, int> callback)
    {
        var info = new ScanInfo { link = _scans };
        _scans = info;
        int count = 0;
        try
        {
            for (var node = ScanFirst(scancmp); node is not null && (scancmp is null || scancmp(node) == 0);
                 node = info.node)
            {
                info.node = RB_NEXT(node);
                int r = callback(node);
                if (r < 0) { count = r; break; }
                count += r;
            }
        }
        finally
        {
            Unlink(info);
        }
        return count;
    }

    // Scans usually nest, but two simulated threads whose callbacks block can end theirs in either order, so unlink
    // this scan's record wherever it sits in the list.
    void Unlink(ScanInfo info)
    {
        if (_scans == info) { _scans = info.link; return; }
        for (var p = _scans; p is not null; p = p.link)
            if (p.link == info) { p.link = info.link; return; }
        Panic("RB_SCAN: scan record missing from the in-progress list");
    }

    // The leftmost element for which scancmp returns 0 (RB_SCAN's starting point).
    T? ScanFirst(Func<T, int>? scancmp)
    {
        if (scancmp is null) return RB_MIN();
        T? best = null;
        var tmp = rbh_root;
        while (tmp is not null)
        {
            int r = scancmp(tmp);
            if (r < 0) tmp = tmp.rbe_right;
            else
            {
                if (r == 0) best = tmp;
                tmp = tmp.rbe_left;
            }
        }
        return best;
    }

    // Called by RB_REMOVE: any scan about to visit elm visits elm's successor instead.
    void ScanAdvancePast(T elm)
    {
        for (var info = _scans; info is not null; info = info.link)
            if (info.node == elm) info.node = RB_NEXT(elm);
    }

    /// <summary>
    /// <c>RB_FOREACH(x, name, head)</c>: the elements in key order. The tree must not change during the walk (use
    /// RB_SCAN to remove while walking); the model panics if it does, where the C would follow stale links.
    /// </summary>
    public IEnumerable<T> RB_FOREACH()
    {
        int version = _version;
        for (var n = RB_MIN(); n is not null; n = RB_NEXT(n))
        {
            yield return n;
            if (_version != version) Panic("RB_FOREACH: the tree changed during the walk");
        }
    }

    /// <summary><c>RB_FOREACH_REVERSE(x, name, head)</c>: the elements in descending key order; same rule as RB_FOREACH.</summary>
    public IEnumerable<T> RB_FOREACH_REVERSE()
    {
        int version = _version;
        for (var n = RB_MAX(); n is not null; n = RB_PREV(n))
        {
            yield return n;
            if (_version != version) Panic("RB_FOREACH_REVERSE: the tree changed during the walk");
        }
    }
}
