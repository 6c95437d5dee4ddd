// Tests for src/Workbench.Kernel/Lib/RbTree*.cs: the sys/tree.h red-black tree's RB_INSERT, RB_FIND, RB_REMOVE,
// RB_MIN/RB_MAX/RB_NEXT/RB_PREV, Validate, and its shape against libbsd's sys/tree.h.
using Workbench.Kernel.Lib;
using Workbench.Kernel.Sys;

using static Workbench.Kernel.Tests.Lib.RbKit;

namespace Workbench.Kernel.Tests.Lib;

public class RbTreeTests
{
    [Fact]
    public void rb_insert_returns_null_and_rb_find_finds_the_new_id()
    {
        var t = new RbTree<RbEnt>();
        var ve = new RbEnt(0x1000);
        Assert.Null(t.RB_INSERT(ve));
        Assert.Same(ve, t.RB_FIND(0x1000));
        Assert.Equal(1, t.Count);
        Assert.Equal(RbNode<RbEnt>.RB_BLACK, ve.RB_COLOR);
    }

    [Fact]
    public void rb_insert_returns_the_colliding_element_for_an_equal_id()
    {
        var t = TreeOf(0x10, 0x20, 0x30);
        var first = t.RB_FIND(0x20)!;
        var dup = new RbEnt(0x20);
        Assert.Same(first, t.RB_INSERT(dup));
        Assert.Equal(3, t.Count);
        Assert.Same(first, t.RB_FIND(0x20));
        Assert.Null(dup.RB_PARENT);
        AssertValid(t);
    }

    [Fact]
    public void rb_find_returns_null_for_an_absent_id_and_on_an_empty_tree()
    {
        Assert.Null(new RbTree<RbEnt>().RB_FIND(0));
        var t = TreeOf(8, 16, 24);
        Assert.Null(t.RB_FIND(12));
        Assert.Null(t.RB_FIND(0));
        Assert.Null(t.RB_FIND(ulong.MaxValue));
    }

    [Fact]
    public void rb_vmspace_compare_orders_ids_unsigned_so_0xFFFFFFFFFFFFFFFF_sorts_after_1()
    {
        var t = TreeOf(0xFFFF_FFFF_FFFF_FFFF, 1, 0x8000_0000_0000_0000, 0, 0x7FFF_FFFF_FFFF_FFFF);
        Assert.Equal(new ulong[] { 0, 1, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF },
                     Keys(t.RB_FOREACH()));
        Assert.Equal(0UL, t.RB_MIN()!.rb_key);
        Assert.Equal(ulong.MaxValue, t.RB_MAX()!.rb_key);
    }

    [Fact]
    public void rb_min_rb_max_rb_next_rb_prev_walk_in_key_order()
    {
        Assert.Null(new RbTree<RbEnt>().RB_MIN());
        Assert.Null(new RbTree<RbEnt>().RB_MAX());
        var t = TreeOf(50, 10, 40, 20, 30);
        var up = new List<ulong>();
        for (var e = t.RB_MIN(); e is not null; e = t.RB_NEXT(e)) up.Add(e.rb_key);
        var down = new List<ulong>();
        for (var e = t.RB_MAX(); e is not null; e = t.RB_PREV(e)) down.Add(e.rb_key);
        Assert.Equal(new ulong[] { 10, 20, 30, 40, 50 }, up);
        Assert.Equal(new ulong[] { 50, 40, 30, 20, 10 }, down);
        Assert.Equal(new ulong[] { 50, 40, 30, 20, 10 }, Keys(t.RB_FOREACH_REVERSE()));
    }

    [Fact]
    public void rb_remove_returns_the_element_and_clears_its_links()
    {
        var t = TreeOf(1, 2, 3, 4, 5);
        var ve = t.RB_FIND(2)!;
        Assert.Same(ve, t.RB_REMOVE(ve));
        Assert.Null(t.RB_FIND(2));
        Assert.Equal(4, t.Count);
        Assert.Null(ve.RB_LEFT);
        Assert.Null(ve.RB_RIGHT);
        Assert.Null(ve.RB_PARENT);
        Assert.Equal(new ulong[] { 1, 3, 4, 5 }, Keys(t.RB_FOREACH()));
        AssertValid(t);
    }

    [Fact]
    public void rb_remove_of_an_element_not_on_the_tree_panics()
    {
        var t = TreeOf(1, 2, 3);
        var ve = t.RB_FIND(3)!;
        t.RB_REMOVE(ve);
        Assert.Throws<KernelPanicException>(() => t.RB_REMOVE(ve));
        Assert.Throws<KernelPanicException>(() => t.RB_REMOVE(new RbEnt(7)));
        AssertValid(t);
    }

    [Fact]
    public void rb_remove_of_the_last_element_leaves_an_empty_tree()
    {
        var t = TreeOf(0x42);
        t.RB_REMOVE(t.RB_ROOT!);
        Assert.True(t.RB_EMPTY);
        Assert.Equal(0, t.Count);
        AssertValid(t);
    }

    [Fact]
    public void validate_reports_a_red_root_a_red_red_pair_a_bad_parent_and_a_wrong_order()
    {
        var t = TreeOf(1, 2, 3);
        var root = t.RB_ROOT!;
        root.rbe_color = RbNode<RbEnt>.RB_RED;
        Assert.False(t.Validate(out var why));
        Assert.Contains("red instead of black", why);
        root.rbe_color = RbNode<RbEnt>.RB_BLACK;

        root.rbe_left!.rbe_parent = root.rbe_right;
        Assert.False(t.Validate(out why));
        Assert.Contains("parent", why);
        root.rbe_left.rbe_parent = root;

        root.rbe_left.rb_key = 9;
        Assert.False(t.Validate(out why));
        Assert.Contains("in-order", why);
        root.rbe_left.rb_key = 1;
        AssertValid(t);

        var t2 = TreeOf(1, 2, 3, 4); // 2 black; 1 black; 3 black; 4 red
        var four = t2.RB_FIND(4)!;
        var red = new RbEnt(5) { rbe_color = RbNode<RbEnt>.RB_RED, rbe_parent = four };
        four.rbe_right = red;
        Assert.False(t2.Validate(out why));
        Assert.Contains("red child", why);
    }

    [Fact]
    public void validate_reports_unequal_black_heights_and_a_wrong_count()
    {
        var t = TreeOf(1, 2, 3);
        var root = t.RB_ROOT!;
        root.rbe_left!.rbe_color = RbNode<RbEnt>.RB_RED;
        root.rbe_right!.rbe_color = RbNode<RbEnt>.RB_BLACK;
        Assert.False(t.Validate(out var why));
        Assert.Contains("black height", why);
        root.rbe_left.rbe_color = RbNode<RbEnt>.RB_BLACK;

        root.rbe_right = null;
        Assert.False(t.Validate(out why));
    }

    [Fact]
    public void random_rb_insert_rb_remove_rb_find_agree_with_SortedDictionary_and_stay_valid()
    {
        const ulong seed = 0x5EED_0001;
        const int steps = 40_000;
        var rng = new SplitMix64(seed);
        // 3,000 possible ids, spread over the whole unsigned range (top bit set for about half), plus 0, 1 and ~0.
        var pool = Enumerable.Range(0, 3000).Select(_ => rng.Next() & ~7UL)
                             .Concat([0UL, 1UL, ulong.MaxValue]).ToArray();
        var t = new RbTree<RbEnt>();
        var model = new SortedDictionary<ulong, RbEnt>();
        for (int step = 0; step < steps; step++)
        {
            ulong id = pool[(int)(rng.Next() % (ulong)pool.Length)];
            string where = $"seed=0x{seed:x} step={step} op={{0}} id=0x{id:x}";
            switch (rng.Next() % 8)
            {
                case 0: case 1: case 2:
                {
                    var ve = new RbEnt(id);
                    var coll = t.RB_INSERT(ve);
                    model.TryGetValue(id, out var expected);
                    Assert.True(ReferenceEquals(expected, coll),
                        $"RB_INSERT returned {coll?.ToString() ?? "null"} instead of {expected?.ToString() ?? "null"} " + string.Format(where, "insert"));
                    if (coll is null) model[id] = ve;
                    break;
                }
                case 3: case 4:
                    if (model.Remove(id, out var victim)) Assert.Same(victim, t.RB_REMOVE(victim));
                    break;
                default:
                {
                    model.TryGetValue(id, out var expected);
                    var got = t.RB_FIND(id);
                    Assert.True(ReferenceEquals(expected, got),
                        $"RB_FIND returned {got?.ToString() ?? "null"} instead of {expected?.ToString() ?? "null"} " + string.Format(where, "find"));
                    break;
                }
            }
            Assert.True(t.Validate(out var why), $"Validate: {why} " + string.Format(where, "validate"));
            Assert.Equal(model.Count, t.Count);
        }
        Assert.Equal(model.Keys, Keys(t.RB_FOREACH()));
        Assert.Equal(model.Keys.Reverse(), Keys(t.RB_FOREACH_REVERSE()));
        Assert.InRange(model.Count, 500, 3003); // the mix grows the tree, so the test did exercise a real tree
    }

    [Fact]
    public void sequential_ids_keep_the_height_within_2_log2_n_plus_1()
    {
        var t = new RbTree<RbEnt>();
        for (ulong i = 1; i <= 10_000; i++)
        {
            t.RB_INSERT(new RbEnt(i * 8));
            if ((i & (i - 1)) == 0) Assert.InRange(t.Height(), 1, 2 * Math.Log2(i + 1));
        }
        AssertValid(t);
        Assert.InRange(t.Height(), 14, 2 * Math.Log2(t.Count + 1));
    }

    [Fact]
    public void rb_insert_and_rb_remove_leave_the_same_shape_as_bsd_sys_tree_h()
    {
        // Golden shapes printed by a C program built on libbsd's <bsd/sys/tree.h> (RB_GENERATE, same classic
        // algorithm as DragonFly's) running the same 300 steps: SplitMix64(2026); per step id = Next() % 64, then
        // op = Next() % 3: 0 or 1 RB_INSERT(id) (kept unless it collides), 2 RB_REMOVE(RB_FIND(id)) if found.
        // Shapes are pre-order "(id colour left right)", printed after steps 149 and 299.
        const string afterStep149 = "(26b (7b (2b (1b . .) (4b . .)) (21b (13r (9b . .) (17b (14r . .) (20r . .))) (23b . (24r . .)))) (46b (36b (35b (27r . .) .) (39r (37b . .) (41b (40r . .) .))) (54r (49b (47b . (48r . .)) (52b (50r . .) .)) (59b (56b (55r . .) .) (61r (60b . .) (63b (62r . .) .))))))";
        const string afterStep299 = "(27b (7b (4b (2b . (3r . .)) (6b . .)) (17r (14b (10r (9b (8r . .) .) (12b . (13r . .))) (16b (15r . .) .)) (23b (21b (18r . .) (22r . .)) (24b . .)))) (46b (41r (36b (31r (30b . .) (35b (33r . .) .)) (39b (37r . .) (40r . .))) (43b (42b . .) (45b (44r . .) .))) (54r (50b (49b (47r . .) .) (52b (51r . .) (53r . .))) (59b (56r (55b . .) (58b (57r . .) .)) (61b . (63r . .))))))";
        var rng = new SplitMix64(2026);
        var t = new RbTree<RbEnt>();
        for (int step = 0; step < 300; step++)
        {
            ulong id = rng.Next() % 64;
            if (rng.Next() % 3 < 2) t.RB_INSERT(new RbEnt(id));
            else if (t.RB_FIND(id) is { } f) t.RB_REMOVE(f);
            if (step == 149) Assert.Equal(afterStep149, DecimalShape(t.RB_ROOT));
        }
        Assert.Equal(afterStep299, DecimalShape(t.RB_ROOT));
    }

    static string DecimalShape(RbEnt? n) =>
        n is null ? "." : $"({n.rb_key}{(n.RB_COLOR == RbNode<RbEnt>.RB_RED ? "r" : "b")} {DecimalShape(n.RB_LEFT)} {DecimalShape(n.RB_RIGHT)})";
}
