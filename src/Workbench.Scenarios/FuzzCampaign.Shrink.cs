// `workbench fuzz`, the failure half: what counts as "the same failure", shrinking by delta debugging, and the
// regression file. Outside the model.
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Scenarios;

public static partial class FuzzCampaign
{
    /// <summary>Not in the C: a failure without where it happened and without numbers, so that a shrunk script
    /// failing the same rule on other ids or lines counts as the same failure. Every leak after the last exit is one
    /// failure ("leaked census after exit-all").</summary>
    public static string Signature(string failure)
    {
        if (failure.Contains("exited but", StringComparison.Ordinal)) return "leaked census after exit-all";
        string s = Where().Replace(failure, "", 1);
        foreach (var marker in (string[])["invariant broken after this event: ", "invariant broken (full check at the end): ",
                                          "invariant broken (full check): ", "invariant broken: "])
            if (s.StartsWith(marker, StringComparison.Ordinal)) s = "invariant broken: " + s[marker.Length..];
        return Numbers().Replace(s, "#");
    }

    /// <summary>A file-name part for a failure: its signature in lower-case words, at most 40 characters.</summary>
    public static string Slug(string failure)
    {
        var words = Regex.Replace(Signature(failure).ToLowerInvariant(), "[^a-z_]+", "-").Trim('-');
        return (words.Length > 40 ? words[..40] : words).TrimEnd('-');
    }

    /// <summary>Whether <paramref name="lines"/> replay to a model failure with <paramref name="signature"/>.</summary>
    public static bool Reproduces(IReadOnlyList<string> lines, string signature, ulong seed = 1)
    {
        Script script;
        try { script = Script.Parse(string.Join('\n', lines), "shrink.scn"); }
        catch (ScriptException) { return false; }
        var r = Replayer.Run(script, new ReplayOptions { Seed = seed, Retain = false });
        return r.ModelFailure is { } f && Signature(f) == signature;
    }

    static FuzzFinding Store(FuzzOptions o, ulong seed, string failure, string slug, IReadOnlyList<string> lines)
    {
        var signature = Signature(failure);
        // The replayer's machine seed is the program's seed, as the generator's was.
        var shrunk = Reproduces(lines, signature, seed) ? Minimise(lines, c => Reproduces(c, signature, seed)) : lines;
        var path = Path.Combine(o.Regressions, $"fuzz-{seed}-{slug}.scn");
        var text = new StringBuilder()
            .Append($"# workbench fuzz --seed {o.Seed}: program seed {seed}, shrunk from {lines.Count} to {shrunk.Count} lines\n")
            .Append($"# failure: {failure.ReplaceLineEndings(" ")}\n")
            .Append($"# replay: workbench replay --seed {seed} {path}\n");
        // Without the generator's expected results: the shrunk program's ids and tids differ from the original's.
        foreach (var l in shrunk) text.Append(Expected().Replace(l, ")", 1)).Append('\n');
        try
        {
            Directory.CreateDirectory(o.Regressions);
            File.WriteAllText(path, text.ToString());
            return new FuzzFinding(seed, failure, slug, lines.Count, shrunk, path, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FuzzFinding(seed, failure, slug, lines.Count, shrunk, null, $"cannot write {path}: {e.Message}");
        }
    }

    /// <summary>ddmin, then the remaining lines moved to thread 1, all at once or else each where that still fails (a line that ran on a forked
    /// process's thread keeps the fork alive), then ddmin again over what the move made removable.</summary>
    internal static IReadOnlyList<string> Minimise(IReadOnlyList<string> lines, Func<IReadOnlyList<string>, bool> fails)
    {
        var shrunk = Shrinker.Shrink(lines, fails).ToList();
        bool moved = false;
        var all = shrunk.Select(l => Thread().Replace(l, "[pid 1]", 1)).ToList();
        if (!all.SequenceEqual(shrunk) && fails(all)) { shrunk = all; moved = true; }
        for (int i = 0; i < shrunk.Count; i++)
        {
            var line = Thread().Replace(shrunk[i], "[pid 1]", 1);
            if (line == shrunk[i]) continue;
            var candidate = shrunk.ToList();
            candidate[i] = line;
            if (fails(candidate)) { shrunk = candidate; moved = true; }
        }
        return moved ? Shrinker.Shrink(shrunk, fails) : shrunk;
    }

    [GeneratedRegex(@"\) = [^()""]*$")]
    private static partial Regex Expected();

    [GeneratedRegex(@"^\[pid \d+\]")]
    private static partial Regex Thread();

    [GeneratedRegex(@"^(event \d+|[^:\n]*:\d+): ")]
    private static partial Regex Where();

    [GeneratedRegex(@"0x[0-9a-fA-F]+|\d+")]
    private static partial Regex Numbers();
}
