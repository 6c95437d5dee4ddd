// Delta debugging (Zeller's ddmin) over the lines of a failing scenario: the smallest set of lines, in order, that
// still reproduces the same failure, so a fuzzer finding becomes a short regression scenario.
namespace Workbench.Scenarios;

/// <summary>Not in the C: shrinks a list of lines while a predicate still holds.</summary>
public static class Shrinker
{
    /// <summary>ddmin: a 1-minimal sublist of <paramref name="lines"/> (removing any single line makes
    /// <paramref name="fails"/> false) for which <paramref name="fails"/> holds, keeping the order. The predicate must
    /// hold for the whole list. At most <paramref name="maxTests"/> predicate calls; past that, the smallest list
    /// found so far. Deterministic.</summary>
    public static IReadOnlyList<string> Shrink(IReadOnlyList<string> lines, Func<IReadOnlyList<string>, bool> fails, int maxTests = 5000)
    {
        var current = lines.ToList();
        int tests = 0;
        bool Test(List<string> c) => tests++ < maxTests && fails(c);
        int n = 2;
        while (current.Count >= 2 && tests < maxTests)
        {
            int chunk = (int)Math.Ceiling(current.Count / (double)n);
            bool reduced = false;
            for (int start = 0; start < current.Count; start += chunk)
            {
                // Try the complement of each chunk (removing the chunk); a subset alone is the complement of the rest.
                var complement = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                if (complement.Count > 0 && Test(complement))
                {
                    current = complement;
                    n = Math.Max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (reduced) continue;
            if (n >= current.Count) break;
            n = Math.Min(n * 2, current.Count);
        }
        return current;
    }
}
