// PLACEHOLDER API (to be replaced by the instrumented sys/tree.h red-black tree): same public surface.
namespace Workbench.Kernel.Lib;

public abstract class RbNode<T> where T : RbNode<T>
{
    public ulong rb_key;
}

public sealed class RbStats
{
    public long Compares, Rotations, Finds, Inserts, Removes, DepthSum;
    public int LastDepth, MaxDepth;
}

public sealed class RbTree<T> where T : RbNode<T>
{
    readonly SortedDictionary<ulong, T> _d = new();
    public RbStats? Stats { get; set; }
    public int Count => _d.Count;
    public T? RB_INSERT(T elm) { if (_d.TryGetValue(elm.rb_key, out var e)) return e; _d[elm.rb_key] = elm; return null; }
    public T? RB_FIND(ulong key) => _d.TryGetValue(key, out var e) ? e : null;
    public T? RB_REMOVE(T elm) { _d.Remove(elm.rb_key); return elm; }
    public IEnumerable<T> RB_FOREACH() => _d.Values.ToList();
    public void RB_SCAN(Func<T, int> callback) { foreach (var e in _d.Values.ToList()) callback(e); }
    public bool Validate(out string? why) { why = null; return true; }
    public int Height() => 0;
}
