// Shared helpers for the sys/tree.h red-black tree tests: a stand-in element and tree builders.
using Workbench.Kernel.Lib;

namespace Workbench.Kernel.Tests.Lib;

/// <summary>A stand-in for struct vmspace_entry: only the RB link and the id.</summary>
sealed class RbEnt : RbNode<RbEnt>
{
    public RbEnt(ulong id) { rb_key = id; }
    public override string ToString() => $"0x{rb_key:x}";
}

static class RbKit
{
    public static RbTree<RbEnt> TreeOf(params ulong[] ids)
    {
        var t = new RbTree<RbEnt>();
        foreach (var id in ids) Assert.Null(t.RB_INSERT(new RbEnt(id)));
        AssertValid(t);
        return t;
    }

    public static void AssertValid(RbTree<RbEnt> t, string context = "")
    {
        Assert.True(t.Validate(out var why), $"Validate failed: {why} {context}");
    }

    public static ulong[] Keys(IEnumerable<RbEnt> es) => es.Select(e => e.rb_key).ToArray();

    // Pre-order keys and colours: equal strings mean identical trees.
    public static string Shape(RbEnt? n) =>
        n is null ? "." : $"({n.rb_key:x}{(n.RB_COLOR == RbNode<RbEnt>.RB_RED ? "r" : "b")} {Shape(n.RB_LEFT)} {Shape(n.RB_RIGHT)})";
}
