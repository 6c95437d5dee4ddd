// Invariant checker for the sys/tree.h red-black tree, the cheap half (not part of sys/tree.h): what an insert or
// remove of one key can have changed, for the incremental invariant checker (Observe/InvariantChecker.cs).
namespace Workbench.Kernel.Lib;

public sealed partial class RbTree<T>
{
    /// <summary>Not in sys/tree.h: checks the red-black rules on the nodes an RB_INSERT or RB_REMOVE of
    /// <paramref name="key"/> rebalanced: the search path from the root towards the key, each node with its children.
    /// On that path: a black root with no parent, children whose rbe_parent points back, keys inside the bounds the
    /// path implies, no red node with a red child, and equal black heights left and right (each counted down the
    /// leftmost spine, one spine a node). O(log² n); <see cref="Validate"/> is the O(n) reference.</summary>
    public bool ValidatePath(ulong key, out string? why)
    {
        why = null;
        var n = rbh_root;
        if (n is null) return _count == 0 || Fail($"empty tree but Count is {_count} instead of 0", out why);
        if (n.rbe_parent is not null) return Fail($"root 0x{n.rb_key:x} has a parent", out why);
        if (n.rbe_color != RB_BLACK) return Fail($"root 0x{n.rb_key:x} is red instead of black", out why);
        ulong? lo = null, hi = null;
        int height = SpineBlackHeight(n); // of n; its left child's is this less n's own black
        while (n is not null)
        {
            if ((lo is { } l && n.rb_key <= l) || (hi is { } h && n.rb_key >= h))
                return Fail($"key 0x{n.rb_key:x} is outside the range its ancestors allow", out why);
            int lh = height - (n.rbe_color == RB_BLACK ? 1 : 0), rh = SpineBlackHeight(n.rbe_right);
            if (!CheckNode(n, lh, rh, out why)) return false;
            if (key < n.rb_key) { hi = n.rb_key; n = n.rbe_left; height = lh; }
            else if (key > n.rb_key) { lo = n.rb_key; n = n.rbe_right; height = rh; }
            else break;
        }
        return true;
    }

    /// <summary>Not in the C: the node-local rules of <see cref="ValidatePath"/> for one node whose children have
    /// black heights <paramref name="lh"/> and <paramref name="rh"/> (counted down their leftmost spines).</summary>
    static bool CheckNode(T n, int lh, int rh, out string? why)
    {
        why = null;
        foreach (var c in (ReadOnlySpan<T?>)[n.rbe_left, n.rbe_right])
            if (c is not null && c.rbe_parent != n) return Fail($"0x{c.rb_key:x}'s parent is not 0x{n.rb_key:x}", out why);
        if (n.rbe_left is { } left && left.rb_key >= n.rb_key)
            return Fail($"left child 0x{left.rb_key:x} of 0x{n.rb_key:x} is not smaller", out why);
        if (n.rbe_right is { } right && right.rb_key <= n.rb_key)
            return Fail($"right child 0x{right.rb_key:x} of 0x{n.rb_key:x} is not larger", out why);
        if (n.rbe_color != RB_RED && n.rbe_color != RB_BLACK)
            return Fail($"0x{n.rb_key:x} has colour {n.rbe_color} instead of RB_RED or RB_BLACK", out why);
        if (n.rbe_color == RB_RED && (!IsBlack(n.rbe_left) || !IsBlack(n.rbe_right)))
            return Fail($"red 0x{n.rb_key:x} has a red child", out why);
        if (lh != rh) return Fail($"0x{n.rb_key:x} has black height {lh} on the left instead of {rh} as on the right", out why);
        return true;
    }

    static int SpineBlackHeight(T? n)
    {
        int h = 1;
        for (; n is not null; n = n.rbe_left) if (n.rbe_color == RB_BLACK) h++;
        return h;
    }

    /// <summary>Not in sys/tree.h: whether <paramref name="elm"/> itself is on the tree (a key descent without
    /// counting in <see cref="Stats"/>). O(log n).</summary>
    public bool Contains(T elm)
    {
        var n = rbh_root;
        while (n is not null && n.rb_key != elm.rb_key) n = elm.rb_key < n.rb_key ? n.rbe_left : n.rbe_right;
        return n == elm;
    }

    static bool Fail(string message, out string? why) { why = message; return false; }
}
