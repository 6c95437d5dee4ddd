// Invariant checker for the sys/tree.h red-black tree (not part of sys/tree.h; used by tests and the census).
namespace Workbench.Kernel.Lib;

public sealed partial class RbTree<T>
{
    /// <summary>
    /// Checks every red-black invariant: strict unsigned key order in-order, a black root with no parent, no red node
    /// with a red child, the same number of black nodes on every root-to-leaf path, each child's rbe_parent pointing at
    /// its parent, and <see cref="Count"/> equal to the elements reachable. On failure <paramref name="why"/> says which
    /// element broke which rule ("X instead of Y"). O(n).
    /// </summary>
    public bool Validate(out string? why)
    {
        why = null;
        var root = rbh_root;
        if (root is null)
        {
            if (_count != 0) why = $"empty tree but Count is {_count} instead of 0";
            return why is null;
        }
        if (root.rbe_parent is not null) why = $"root 0x{root.rb_key:x} has a parent";
        else if (root.rbe_color != RB_BLACK) why = $"root 0x{root.rb_key:x} is red instead of black";
        if (why is not null) return false;
        int seen = 0;
        ulong? prev = null;
        if (Check(root, ref seen, ref prev, out why) < 0) return false;
        if (seen != _count) why = $"{seen} elements reachable but Count is {_count}";
        return why is null;
    }

    // Returns the subtree's black height (counting null leaves as 1), or -1 with why set.
    static int Check(T n, ref int seen, ref ulong? prev, out string? why)
    {
        why = null;
        int lh = 1, rh = 1;
        if (n.rbe_left is { } l)
        {
            if (l.rbe_parent != n) { why = $"0x{l.rb_key:x}'s parent is not 0x{n.rb_key:x}"; return -1; }
            if ((lh = Check(l, ref seen, ref prev, out why)) < 0) return -1;
        }
        if (prev is { } p && p >= n.rb_key)
        {
            why = $"in-order key 0x{n.rb_key:x} follows 0x{p:x} instead of exceeding it";
            return -1;
        }
        prev = n.rb_key;
        seen++;
        if (n.rbe_right is { } r)
        {
            if (r.rbe_parent != n) { why = $"0x{r.rb_key:x}'s parent is not 0x{n.rb_key:x}"; return -1; }
            if ((rh = Check(r, ref seen, ref prev, out why)) < 0) return -1;
        }
        if (n.rbe_color == RB_RED && (!IsBlack(n.rbe_left) || !IsBlack(n.rbe_right)))
        {
            why = $"red 0x{n.rb_key:x} has a red child";
            return -1;
        }
        if (n.rbe_color != RB_RED && n.rbe_color != RB_BLACK)
        {
            why = $"0x{n.rb_key:x} has colour {n.rbe_color} instead of RB_RED or RB_BLACK";
            return -1;
        }
        if (lh != rh)
        {
            why = $"0x{n.rb_key:x} has black height {lh} on the left instead of {rh} as on the right";
            return -1;
        }
        return lh + (n.rbe_color == RB_BLACK ? 1 : 0);
    }

    /// <summary>The number of elements on the longest root-to-leaf path (0 for an empty tree). O(n).</summary>
    public int Height() => HeightOf(rbh_root);

    static int HeightOf(T? n) => n is null ? 0 : 1 + Math.Max(HeightOf(n.rbe_left), HeightOf(n.rbe_right));
}
