// Instrumentation for the sys/tree.h red-black tree (RbTree): counts only, changes nothing the tree does.
namespace Workbench.Kernel.Lib;

/// <summary>
/// Counters an <see cref="RbTree{T}"/> bumps while <see cref="RbTree{T}.Stats"/> points at this object.
/// One three-way key comparison (one call of the C compare function, e.g. <c>rb_vmspace_compare</c>) counts as one
/// compare, so on RB_FIND and RB_INSERT <see cref="Compares"/> equals the nodes visited (<see cref="DepthSum"/>).
/// </summary>
/// <remarks>Not thread-safe; it is bumped under the same lock as the tree it instruments.</remarks>
public sealed class RbStats
{
    /// <summary>Key comparisons (RB_FIND, RB_INSERT; RB_REMOVE and RB_NEXT compare nothing).</summary>
    public long Compares;

    /// <summary>Single rotations done by RB_INSERT_COLOR and RB_REMOVE_COLOR.</summary>
    public long Rotations;

    /// <summary>RB_FIND calls.</summary>
    public long Finds;

    /// <summary>RB_INSERT calls, including ones that returned a colliding element.</summary>
    public long Inserts;

    /// <summary>RB_REMOVE calls.</summary>
    public long Removes;

    /// <summary>Sum of the nodes visited over every RB_FIND and RB_INSERT descent.</summary>
    public long DepthSum;

    /// <summary>Nodes visited by the last RB_FIND or RB_INSERT descent.</summary>
    public int LastDepth;

    /// <summary>The largest <see cref="LastDepth"/> seen.</summary>
    public int MaxDepth;

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        Compares = Rotations = Finds = Inserts = Removes = DepthSum = 0;
        LastDepth = MaxDepth = 0;
    }

    /// <summary>A copy of the counters as they are now.</summary>
    public RbStats Snapshot() => (RbStats)MemberwiseClone();

    /// <summary>Records one descent of <paramref name="depth"/> nodes (one compare per node).</summary>
    internal void Descent(int depth)
    {
        Compares += depth;
        DepthSum += depth;
        LastDepth = depth;
        if (depth > MaxDepth) MaxDepth = depth;
    }

    public override string ToString() =>
        $"compares={Compares} rotations={Rotations} finds={Finds} inserts={Inserts} removes={Removes} " +
        $"depth_sum={DepthSum} last_depth={LastDepth} max_depth={MaxDepth}";
}
