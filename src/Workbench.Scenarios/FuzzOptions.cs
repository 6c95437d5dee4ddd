// Options of `workbench fuzz` (parsed here, beside the campaign, so tests can reach them). Outside the model.
using System.Globalization;

namespace Workbench.Scenarios;

/// <summary>Parsed <c>fuzz</c> options: a budget of calls or seconds, the seed, the corpus and regressions folders.</summary>
public sealed record FuzzOptions
{
    /// <summary>Stop after this many calls (finishing the program under way). Default 1,000,000 when no
    /// <see cref="Seconds"/> is given.</summary>
    public long? Calls { get; init; }
    /// <summary>Stop after this many seconds of wall time (the number of calls then depends on the machine).</summary>
    public double? Seconds { get; init; }
    public ulong Seed { get; init; } = 1;
    /// <summary>Folder of .scn files mutated as seeds (missing: the generator alone, with a note).</summary>
    public string Corpus { get; init; } = "datasets/scenarios";
    /// <summary>Folder where shrunk failures are written.</summary>
    public string Regressions { get; init; } = "datasets/regressions";
    public bool Quiet { get; init; }

    public const string Usage = """
        usage: workbench fuzz [--calls N | --seconds S] [--seed S] [--corpus DIR] [--regressions DIR] [--quiet]

          Runs random programs against the kernel model with the invariant checker after every call: a seeded
          generator (processes, LWPs, forks, execs, exits, vkernel and guest events), every call of the system call
          table with boundary and hostile arguments (0, -1, page-aligned and unaligned, huge, wrapping, the edges of
          VM_MAX_USER_ADDRESS, ids 0 and high pointers), and mutations (changed arguments, deleted and repeated lines)
          of the scenarios in the corpus. After each generated program every process exits and nothing may be left.
          A failure (model panic, broken invariant, leaked census) is shrunk by delta debugging to a minimal .scn that
          still fails the same way, written to the regressions folder as fuzz-SEED-SLUG.scn, and the command to
          replay it is printed.

          --calls N          stop after N calls (default 1000000); deterministic for a seed
          --seconds S        stop after S seconds instead (how many calls depends on the machine)
          --seed S           master seed, decimal or 0x hex (default 1); each program's seed is derived from it
          --corpus DIR       scenarios to mutate (default datasets/scenarios)
          --regressions DIR  where shrunk failures go (default datasets/regressions)
          --quiet            no progress line on stderr (by default one a second: calls, calls/s, programs, failures)
          -h, --help         this text

        exit status: 0 no failure; 1 a failure was found (shrunk and stored); 2 bad options.
        """;

    /// <summary>Parses the words after <c>fuzz</c>; null with <paramref name="error"/> set on bad input, and
    /// <paramref name="help"/> set for -h/--help.</summary>
    public static FuzzOptions? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        error = null;
        help = false;
        var o = new FuzzOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help") { help = true; return o; }
            if (name == "--quiet") { o = o with { Quiet = true }; continue; }
            if (name is not ("--calls" or "--seconds" or "--seed" or "--corpus" or "--regressions"))
            {
                error = $"fuzz: unknown option '{name}'";
                return null;
            }
            if (i + 1 >= args.Count) { error = $"fuzz: {name} needs a value"; return null; }
            string v = args[++i];
            switch (name)
            {
                case "--calls" when long.TryParse(v.Replace("_", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    o = o with { Calls = n }; break;
                case "--seconds" when double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 1e7:
                    o = o with { Seconds = s }; break;
                case "--seed" when ParseSeed(v) is ulong seed: o = o with { Seed = seed }; break;
                case "--corpus" when v.Length > 0: o = o with { Corpus = v }; break;
                case "--regressions" when v.Length > 0: o = o with { Regressions = v }; break;
                default:
                    error = name switch
                    {
                        "--calls" => $"fuzz: --calls '{v}' is not a whole number above 0",
                        "--seconds" => $"fuzz: --seconds '{v}' is not a number of seconds above 0",
                        "--seed" => $"fuzz: --seed '{v}' is not an unsigned 64-bit number (decimal or 0x hex)",
                        _ => $"fuzz: {name} needs a folder",
                    };
                    return null;
            }
        }
        if (o.Calls is not null && o.Seconds is not null) { error = "fuzz: give --calls or --seconds, not both"; return null; }
        return o.Calls is null && o.Seconds is null ? o with { Calls = 1_000_000 } : o;
    }

    static ulong? ParseSeed(string s) => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? ulong.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null
        : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
}
