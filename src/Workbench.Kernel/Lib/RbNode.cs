// Models the RB_ENTRY(type) link of sys/tree.h (BSD red-black trees): the four link fields an element embeds.
// Fidelity: faithful to the layout (rbe_left, rbe_right, rbe_parent, rbe_color); the key is an unsigned 64-bit value.
namespace Workbench.Kernel.Lib;

/// <summary>
/// <c>RB_ENTRY(type)</c>: the intrusive link an element of an <see cref="RbTree{T}"/> carries, plus its key.
/// The vkernel's <c>struct vmspace_entry</c> embeds <c>RB_ENTRY(vmspace_entry) rb_entry</c> and is keyed by
/// <c>id</c>, a pointer compared as an unsigned value (<c>rb_vmspace_compare</c>); <see cref="rb_key"/> is that value.
/// </summary>
/// <remarks>
/// Not thread-safe: the tree that owns the element is guarded by its owner's lock (for the vkernel, vkp->token).
/// An element is on at most one tree at a time; <see cref="rb_key"/> must not change while it is on a tree.
/// </remarks>
public abstract class RbNode<T> where T : RbNode<T>
{
    /// <summary><c>RB_BLACK</c>.</summary>
    public const int RB_BLACK = 0;

    /// <summary><c>RB_RED</c>.</summary>
    public const int RB_RED = 1;

    /// <summary>The key, compared unsigned (the C compares <c>(char *)a-&gt;id &lt; (char *)b-&gt;id</c>).</summary>
    public ulong rb_key;

    // Link fields, owned by the tree the element is on (null and RB_BLACK while off any tree).
    internal T? rbe_left;
    internal T? rbe_right;
    internal T? rbe_parent;
    internal int rbe_color;

    /// <summary><c>RB_LEFT(elm, field)</c>.</summary>
    public T? RB_LEFT => rbe_left;

    /// <summary><c>RB_RIGHT(elm, field)</c>.</summary>
    public T? RB_RIGHT => rbe_right;

    /// <summary><c>RB_PARENT(elm, field)</c>.</summary>
    public T? RB_PARENT => rbe_parent;

    /// <summary><c>RB_COLOR(elm, field)</c>: <see cref="RB_BLACK"/> or <see cref="RB_RED"/>.</summary>
    public int RB_COLOR => rbe_color;
}
