// Models sys/tree.h RB_REMOVE and RB_REMOVE_COLOR (see RbTree.cs for the fidelity label).
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Lib;

public sealed partial class RbTree<T>
{
    /// <summary>
    /// <c>RB_REMOVE(name, head, elm)</c>: unlinks <paramref name="elm"/> (found by pointer, no key comparisons),
    /// rebalances, and returns it. Any RB_SCAN in progress that was about to visit <paramref name="elm"/> moves on
    /// to its successor. Panics when <paramref name="elm"/> is not on a tree.
    /// </summary>
    public T? RB_REMOVE(T elm)
    {
        Kassert.KKASSERT(elm.rbe_parent is not null || rbh_root == elm, "RB_REMOVE: element is not on the tree");
        if (_scans is not null) ScanAdvancePast(elm);
        T? child, parent;
        int color;
        if (elm.rbe_left is null || elm.rbe_right is null)
        {
            // At most one child: it takes elm's place.
            child = elm.rbe_left ?? elm.rbe_right;
            parent = elm.rbe_parent;
            color = elm.rbe_color;
            ReplaceChild(elm, child);
        }
        else
        {
            // Two children: the successor (leftmost of the right subtree) is unlinked from its spot, its right
            // child moving up, and then takes elm's place, links and colour.
            var succ = Leftmost(elm.rbe_right);
            color = succ.rbe_color;
            child = succ.rbe_right;
            if (succ.rbe_parent == elm)
            {
                parent = succ;
            }
            else
            {
                parent = succ.rbe_parent!;
                parent.rbe_left = child;
                if (child is not null) child.rbe_parent = parent;
                succ.rbe_right = elm.rbe_right;
                elm.rbe_right.rbe_parent = succ;
            }
            succ.rbe_left = elm.rbe_left;
            elm.rbe_left.rbe_parent = succ;
            succ.rbe_color = elm.rbe_color;
            ReplaceChild(elm, succ);
        }
        // A black node left its path one black short: repair from where it was.
        if (color == RB_BLACK) RemoveColor(parent, child);
        elm.rbe_left = elm.rbe_right = elm.rbe_parent = null;
        elm.rbe_color = RB_BLACK;
        _count--;
        _version++;
        if (Stats is { } s) s.Removes++;
        return elm;
    }

    // RB_REMOVE_COLOR: elm (possibly null) under parent carries an extra black; push it up or absorb it.
    void RemoveColor(T? parent, T? elm)
    {
        while ((elm is null || elm.rbe_color == RB_BLACK) && elm != rbh_root)
        {
            // parent is non-null here: elm is not the root. A black-short side always has a non-null sibling.
            if (parent!.rbe_left == elm)
            {
                var sib = parent.rbe_right!;
                if (sib.rbe_color == RB_RED)
                {
                    sib.rbe_color = RB_BLACK; parent.rbe_color = RB_RED;
                    RotateLeft(parent);
                    sib = parent.rbe_right!;
                }
                if (IsBlack(sib.rbe_left) && IsBlack(sib.rbe_right))
                {
                    sib.rbe_color = RB_RED;
                    elm = parent;
                    parent = elm.rbe_parent;
                    continue;
                }
                if (IsBlack(sib.rbe_right))
                {
                    sib.rbe_left!.rbe_color = RB_BLACK; sib.rbe_color = RB_RED;
                    RotateRight(sib);
                    sib = parent.rbe_right!;
                }
                sib.rbe_color = parent.rbe_color; parent.rbe_color = RB_BLACK;
                if (sib.rbe_right is not null) sib.rbe_right.rbe_color = RB_BLACK;
                RotateLeft(parent);
            }
            else
            {
                var sib = parent.rbe_left!;
                if (sib.rbe_color == RB_RED)
                {
                    sib.rbe_color = RB_BLACK; parent.rbe_color = RB_RED;
                    RotateRight(parent);
                    sib = parent.rbe_left!;
                }
                if (IsBlack(sib.rbe_left) && IsBlack(sib.rbe_right))
                {
                    sib.rbe_color = RB_RED;
                    elm = parent;
                    parent = elm.rbe_parent;
                    continue;
                }
                if (IsBlack(sib.rbe_left))
                {
                    sib.rbe_right!.rbe_color = RB_BLACK; sib.rbe_color = RB_RED;
                    RotateLeft(sib);
                    sib = parent.rbe_left!;
                }
                sib.rbe_color = parent.rbe_color; parent.rbe_color = RB_BLACK;
                if (sib.rbe_left is not null) sib.rbe_left.rbe_color = RB_BLACK;
                RotateRight(parent);
            }
            elm = rbh_root;
            break;
        }
        if (elm is not null) elm.rbe_color = RB_BLACK;
    }

    static bool IsBlack(T? n) => n is null || n.rbe_color == RB_BLACK;
}
