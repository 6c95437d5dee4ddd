// Models BSD sys/tree.h red-black trees as RB_GENERATE emits them (for vm_vmspace.c: vmspace_rb_tree ordered by
// rb_vmspace_compare). Macros modelled: RB_HEAD/RB_INIT (the class), RB_ENTRY (RbNode), RB_ROOT, RB_EMPTY, RB_LEFT,
// RB_RIGHT, RB_PARENT, RB_COLOR, RB_INSERT (+RB_INSERT_COLOR, RB_ROTATE_LEFT/RIGHT), RB_FIND, RB_REMOVE
// (+RB_REMOVE_COLOR), RB_MIN, RB_MAX, RB_NEXT, RB_PREV, RB_FOREACH, RB_FOREACH_REVERSE, and DragonFly's RB_SCAN (with
// its in-progress scan list, so the callback may RB_REMOVE). Not modelled: RB_NFIND, RB_AUGMENT, RB_PROTOTYPE variants.
// Written from the algorithm, not copied from the header.
// Fidelity: faithful (same links, colours and rebalancing cases, so the same shape after the same operations) and
// instrumented (RbStats counts only). Deviations: keys are ulong compared unsigned instead of a compare callback;
// RB_REMOVE clears the removed element's links and panics on an element that is not on a tree (the C corrupts
// silently); RB_FOREACH panics if the tree changes under it (undefined in C); Count and Validate are model additions.
using System.Runtime.CompilerServices;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Lib;

/// <summary>
/// <c>RB_HEAD(name, type)</c> plus the functions <c>RB_GENERATE</c> emits for it: an intrusive red-black tree of
/// <typeparamref name="T"/> ordered by <see cref="RbNode{T}.rb_key"/> compared as unsigned (0xFFFF... sorts last).
/// </summary>
/// <remarks>
/// Not thread-safe. The caller serialises every call (for the vkernel's tree: the caller must hold vkp->token).
/// Set <see cref="Stats"/> to count comparisons, rotations and descent depths; null (the default) counts nothing.
/// </remarks>
public sealed partial class RbTree<T> where T : RbNode<T>
{
    const int RB_BLACK = RbNode<T>.RB_BLACK;
    const int RB_RED = RbNode<T>.RB_RED;

    // rbh_root: the head. RB_INIT is the constructor.
    internal T? rbh_root;
    int _count;
    int _version;

    /// <summary>Counters bumped by every operation while non-null; null means counting is off.</summary>
    public RbStats? Stats { get; set; }

    /// <summary>Elements on the tree (the C head keeps no count; the model keeps one for checks).</summary>
    public int Count => _count;

    /// <summary><c>RB_ROOT(head)</c>.</summary>
    public T? RB_ROOT => rbh_root;

    /// <summary><c>RB_EMPTY(head)</c>.</summary>
    public bool RB_EMPTY => rbh_root is null;

    /// <summary>
    /// <c>RB_FIND(name, head, elm)</c>: the element whose key equals <paramref name="key"/>, or null.
    /// No requirements beyond the caller's lock.
    /// </summary>
    public T? RB_FIND(ulong key)
    {
        var s = Stats;
        if (s is not null) return FindCounted(key, s);
        var tmp = rbh_root;
        while (tmp is not null)
        {
            ulong k = tmp.rb_key;
            if (key < k) tmp = tmp.rbe_left;
            else if (key > k) tmp = tmp.rbe_right;
            else return tmp;
        }
        return null;
    }

    // RB_FIND with counting on: a separate loop so that the counting-off loop above carries no counter at all.
    T? FindCounted(ulong key, RbStats s)
    {
        var tmp = rbh_root;
        int depth = 0;
        while (tmp is not null)
        {
            depth++;
            ulong k = tmp.rb_key;
            if (key < k) tmp = tmp.rbe_left;
            else if (key > k) tmp = tmp.rbe_right;
            else break;
        }
        s.Finds++;
        s.Descent(depth);
        return tmp;
    }

    /// <summary>
    /// <c>RB_INSERT(name, head, elm)</c>: links <paramref name="elm"/> in key order and rebalances. Returns the element
    /// already on the tree with an equal key (and leaves the tree unchanged), or null when <paramref name="elm"/> was
    /// inserted. The vkernel's vmspace_create turns a non-null return into EEXIST.
    /// </summary>
    public T? RB_INSERT(T elm)
    {
        T? parent = null;
        var tmp = rbh_root;
        ulong key = elm.rb_key;
        int depth = 0;
        bool left = false;
        while (tmp is not null)
        {
            depth++;
            parent = tmp;
            ulong k = tmp.rb_key;
            if (key < k) { left = true; tmp = tmp.rbe_left; }
            else if (key > k) { left = false; tmp = tmp.rbe_right; }
            else break;
        }
        if (Stats is { } s) { s.Inserts++; s.Descent(depth); }
        if (tmp is not null) return tmp;
        // RB_SET: a new leaf is red.
        elm.rbe_parent = parent;
        elm.rbe_left = elm.rbe_right = null;
        elm.rbe_color = RB_RED;
        if (parent is null) rbh_root = elm;
        else if (left) parent.rbe_left = elm;
        else parent.rbe_right = elm;
        InsertColor(elm);
        _count++;
        _version++;
        return null;
    }

    // RB_INSERT_COLOR: climbs from the new red leaf while its parent is red too.
    void InsertColor(T elm)
    {
        T? parent;
        while ((parent = elm.rbe_parent) is not null && parent.rbe_color == RB_RED)
        {
            var gparent = parent.rbe_parent!; // a red node is never the root
            if (parent == gparent.rbe_left)
            {
                var uncle = gparent.rbe_right;
                if (uncle is not null && uncle.rbe_color == RB_RED)
                {
                    uncle.rbe_color = RB_BLACK; parent.rbe_color = RB_BLACK; gparent.rbe_color = RB_RED;
                    elm = gparent;
                    continue;
                }
                if (parent.rbe_right == elm) { RotateLeft(parent); (parent, elm) = (elm, parent); }
                parent.rbe_color = RB_BLACK; gparent.rbe_color = RB_RED;
                RotateRight(gparent);
            }
            else
            {
                var uncle = gparent.rbe_left;
                if (uncle is not null && uncle.rbe_color == RB_RED)
                {
                    uncle.rbe_color = RB_BLACK; parent.rbe_color = RB_BLACK; gparent.rbe_color = RB_RED;
                    elm = gparent;
                    continue;
                }
                if (parent.rbe_left == elm) { RotateRight(parent); (parent, elm) = (elm, parent); }
                parent.rbe_color = RB_BLACK; gparent.rbe_color = RB_RED;
                RotateLeft(gparent);
            }
        }
        rbh_root!.rbe_color = RB_BLACK;
    }

    // RB_ROTATE_LEFT: elm's right child takes elm's place; elm becomes its left child.
    void RotateLeft(T elm)
    {
        var tmp = elm.rbe_right!;
        elm.rbe_right = tmp.rbe_left;
        if (tmp.rbe_left is not null) tmp.rbe_left.rbe_parent = elm;
        ReplaceChild(elm, tmp);
        tmp.rbe_left = elm;
        elm.rbe_parent = tmp;
        if (Stats is { } s) s.Rotations++;
    }

    // RB_ROTATE_RIGHT: the mirror image.
    void RotateRight(T elm)
    {
        var tmp = elm.rbe_left!;
        elm.rbe_left = tmp.rbe_right;
        if (tmp.rbe_right is not null) tmp.rbe_right.rbe_parent = elm;
        ReplaceChild(elm, tmp);
        tmp.rbe_right = elm;
        elm.rbe_parent = tmp;
        if (Stats is { } s) s.Rotations++;
    }

    // Puts repl where old hangs (under old's parent, or at the root); repl takes old's parent.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void ReplaceChild(T old, T? repl)
    {
        var parent = old.rbe_parent;
        if (repl is not null) repl.rbe_parent = parent;
        if (parent is null) rbh_root = repl;
        else if (parent.rbe_left == old) parent.rbe_left = repl;
        else parent.rbe_right = repl;
    }

    /// <summary><c>RB_MIN(name, head)</c>: the element with the smallest key, or null on an empty tree.</summary>
    public T? RB_MIN() => rbh_root is null ? null : Leftmost(rbh_root);

    /// <summary><c>RB_MAX(name, head)</c>: the element with the largest key, or null on an empty tree.</summary>
    public T? RB_MAX()
    {
        var tmp = rbh_root;
        if (tmp is null) return null;
        while (tmp.rbe_right is not null) tmp = tmp.rbe_right;
        return tmp;
    }

    /// <summary><c>RB_NEXT(name, head, elm)</c>: the in-order successor of <paramref name="elm"/>, or null.</summary>
    public T? RB_NEXT(T elm)
    {
        if (elm.rbe_right is not null) return Leftmost(elm.rbe_right);
        var parent = elm.rbe_parent;
        while (parent is not null && parent.rbe_right == elm) { elm = parent; parent = elm.rbe_parent; }
        return parent;
    }

    /// <summary><c>RB_PREV(name, head, elm)</c>: the in-order predecessor of <paramref name="elm"/>, or null.</summary>
    public T? RB_PREV(T elm)
    {
        if (elm.rbe_left is not null)
        {
            var tmp = elm.rbe_left;
            while (tmp.rbe_right is not null) tmp = tmp.rbe_right;
            return tmp;
        }
        var parent = elm.rbe_parent;
        while (parent is not null && parent.rbe_left == elm) { elm = parent; parent = elm.rbe_parent; }
        return parent;
    }

    static T Leftmost(T tmp)
    {
        while (tmp.rbe_left is not null) tmp = tmp.rbe_left;
        return tmp;
    }

    static void Panic(string why) => Kassert.KKASSERT(false, why);
}
