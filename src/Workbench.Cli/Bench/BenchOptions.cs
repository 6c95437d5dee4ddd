// Options of `workbench bench lookup` (parsed in BenchCommand.cs). Outside the model.

namespace Workbench.Cli.Bench;

/// <summary>Parsed <c>bench lookup</c> options, with the defaults of the usage text.</summary>
sealed record BenchOptions(int Vmspaces = 1000, int Lookups = 1_000_000, ulong Seed = 1, string Counting = "off",
                           bool Native = false)
{
    internal const int MaxVmspaces = 50_000_000;
    internal const int MaxLookups = 200_000_000;

    public const string Description =
        "Times RB_FIND and RB_INSERT of the vmspace RB tree (the sys/tree.h twin, Workbench.Kernel.Lib.RbTree) with N random " +
        "vmspace ids and M random lookups of them, and prints one line of key=value results: lookup_ns and insert_ns are the " +
        "fastest of 5 timed samples, in nanoseconds per call; compares and depth are means per lookup from a separate counted " +
        "pass; height is the tree's height. Exit 0 ok, 1 the native harness disagreed, 2 bad options.";
}
