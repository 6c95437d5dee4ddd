// Options of `workbench bench lookup`. Outside the model.
using System.Globalization;

namespace Workbench.Cli.Bench;

/// <summary>Parsed <c>bench lookup</c> options, with the defaults of the usage text.</summary>
sealed record BenchOptions(int Vmspaces = 1000, int Lookups = 1_000_000, ulong Seed = 1, string Counting = "off",
                           bool Native = false)
{
    internal const int MaxVmspaces = 50_000_000;
    internal const int MaxLookups = 200_000_000;

    public const string Usage =
        "usage: workbench bench lookup [--vmspaces N] [--lookups M] [--seed S] [--counting on|off|both] [--native]\n" +
        "\n" +
        "Times RB_FIND and RB_INSERT of the vmspace RB tree (the sys/tree.h twin, Workbench.Kernel.Lib.RbTree) with N\n" +
        "random vmspace ids and M random lookups of them, and prints one line of key=value results.\n" +
        "\n" +
        "  --vmspaces N    ids on the tree (default 1000, at most 50000000)\n" +
        "  --lookups M     RB_FIND calls per timed pass (default 1000000, at most 200000000)\n" +
        "  --seed S        SplitMix64 seed for the ids and the lookup sequence, decimal or 0x hex (default 1)\n" +
        "  --counting X    off: time with RbStats off (default); on: time with RbStats on;\n" +
        "                  both: time both, alternating, and print counting_ratio = on / off; also\n" +
        "                  time an uninstrumented descent (lookup_bare_ns, off_vs_bare = off / bare)\n" +
        "  --native        also build and run src/Workbench.Cli/Bench/native/rbbench.c (BSD sys/tree.h, needs cc and\n" +
        "                  the libbsd-dev package) on the same ids and lookups and print its timings and the ratio\n" +
        "\n" +
        "lookup_ns and insert_ns are the fastest of 5 timed samples, in nanoseconds per call; compares and depth are means\n" +
        "per lookup from a separate counted pass; height is the tree's height. Exit 2 on bad options.";

    /// <summary>Parses the words after <c>bench lookup</c>; null with <paramref name="error"/> set on bad input.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var o = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i], value;
            int eq = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (name == "--native") { o = o with { Native = true }; continue; }
            else if (name is "--vmspaces" or "--lookups" or "--seed" or "--counting")
            {
                if (i + 1 >= args.Count) { error = $"bench lookup: {name} needs a value"; return null; }
                value = args[++i];
            }
            else { error = $"bench lookup: unknown option '{name}'"; return null; }

            switch (name)
            {
                case "--vmspaces" when ParseCount(value, MaxVmspaces) is int n: o = o with { Vmspaces = n }; break;
                case "--lookups" when ParseCount(value, MaxLookups) is int m: o = o with { Lookups = m }; break;
                case "--seed" when ParseSeed(value) is ulong s: o = o with { Seed = s }; break;
                case "--counting" when value is "on" or "off" or "both": o = o with { Counting = value }; break;
                case "--native" when value is "": o = o with { Native = true }; break;
                case "--vmspaces" or "--lookups":
                    error = $"bench lookup: {name} '{value}' is not a whole number from 1 to {(name == "--vmspaces" ? MaxVmspaces : MaxLookups)}";
                    return null;
                case "--seed":
                    error = $"bench lookup: --seed '{value}' is not an unsigned 64-bit number (decimal or 0x hex)";
                    return null;
                case "--counting":
                    error = $"bench lookup: --counting '{value}' is not on, off or both";
                    return null;
                default:
                    error = $"bench lookup: unknown option '{args[i]}'";
                    return null;
            }
        }
        return o;
    }

    static int? ParseCount(string s, int max) =>
        int.TryParse(s.Replace("_", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
        && v >= 1 && v <= max ? v : null;

    static ulong? ParseSeed(string s)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null;
        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
