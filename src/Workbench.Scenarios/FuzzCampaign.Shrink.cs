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
        var shrunk = Reproduces(lines, signature, seed) ? Shrinker.Shrink(lines, c => Reproduces(c, signature, seed)) : lines;
        var path = Path.Combine(o.Regressions, $"fuzz-{seed}-{slug}.scn");
        var text = new StringBuilder()
            .Append($"# workbench fuzz --seed {o.Seed}: program seed {seed}, shrunk from {lines.Count} to {shrunk.Count} lines\n")
            .Append($"# failure: {failure.ReplaceLineEndings(" ")}\n")
            .Append($"# replay: workbench replay --seed {seed} {path}\n");
        foreach (var l in shrunk) text.Append(l).Append('\n');
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

    [GeneratedRegex(@"^(event \d+|[^:\n]*:\d+): ")]
    private static partial Regex Where();

    [GeneratedRegex(@"0x[0-9a-fA-F]+|\d+")]
    private static partial Regex Numbers();
}
