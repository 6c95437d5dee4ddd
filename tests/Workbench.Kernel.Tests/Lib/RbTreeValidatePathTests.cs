// RbTree.ValidatePath, the O(log² n) check the incremental invariant checker runs on the path an insert or remove
// rebalanced: it holds after every RB_INSERT and RB_REMOVE of random keys, and fails where Validate fails when a
// node on the path breaks a rule.
using Workbench.Kernel.Lib;

namespace Workbench.Kernel.Tests.Lib;

public class RbTreeValidatePathTests
{
    [Fact]
    public void validate_path_holds_after_every_RB_INSERT_and_RB_REMOVE_of_random_keys()
    {
        var rng = new SplitMix64(42);
        var t = new RbTree<RbEnt>();
        var live = new List<ulong>();
        for (int i = 0; i < 3000; i++)
        {
            ulong key;
            if (live.Count > 0 && rng.Below(3) == 0)
            {
                key = live[(int)rng.Below((ulong)live.Count)];
                t.RB_REMOVE(t.RB_FIND(key)!);
                live.Remove(key);
            }
            else if (t.RB_INSERT(new RbEnt(key = rng.Below(5000) << 12)) is null) live.Add(key);
            Assert.True(t.ValidatePath(key, out var why), $"step {i}, key 0x{key:x}: {why}");
        }
        RbKit.AssertValid(t);
    }

    [Fact]
    public void validate_path_fails_like_validate_when_a_node_on_the_path_breaks_a_rule()
    {
        var t = RbKit.TreeOf(Enumerable.Range(1, 100).Select(i => (ulong)i << 12).ToArray());
        var leaf = t.RB_FIND(0x5000)!;
        leaf.rb_key = 0x64000 + 0x1000; // out of order for its ancestors
        Assert.False(t.Validate(out _));
        Assert.False(t.ValidatePath(0x5000, out var why)); // the path to where the node sits
        Assert.Contains("0x65000", why); // named by the range or the child-order rule, whichever sees it first
        leaf.rb_key = 0x5000;
        t.RB_ROOT!.rbe_color = RbNode<RbEnt>.RB_RED;
        Assert.False(t.ValidatePath(0x5000, out why));
        Assert.Equal($"root 0x{t.RB_ROOT.rb_key:x} is red instead of black", why);
    }

    [Fact]
    public void contains_finds_the_element_itself_not_an_equal_key()
    {
        var t = RbKit.TreeOf(0x1000, 0x2000);
        Assert.True(t.Contains(t.RB_FIND(0x1000)!));
        Assert.False(t.Contains(new RbEnt(0x1000)));
    }
}
