// Makes outputs deterministic: the same notebook and inputs give the same bytes. .NET Interactive's HTML has
// CRLF line endings even on Linux, DataFrame tables carry timestamp ids ("table_639311629267709132"), Plotly divs
// carry GUIDs, and stack traces and messages carry absolute paths.
using System.Text.RegularExpressions;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Rewrites nondeterministic text in outputs. Ids are numbered in order of first appearance within one notebook
/// (the first GUID seen becomes 00000000-0000-0000-0000-000000000001 everywhere), so links between an element and
/// the script that finds it survive. One instance per notebook run; not thread-safe.
/// </summary>
public sealed partial class OutputScrubber
{
    readonly Dictionary<string, string> ids = new(StringComparer.Ordinal);
    readonly List<(string Path, string Replacement)> roots;

    /// <param name="notebookDirectory">Becomes "" (paths in it read as relative).</param>
    /// <param name="otherRoots">Further absolute folders and their replacements, e.g. the home folder to "~".</param>
    public OutputScrubber(string notebookDirectory, IEnumerable<(string Path, string Replacement)> otherRoots)
    {
        roots = otherRoots
            .Prepend((Path: notebookDirectory, Replacement: ""))
            .Where(r => r.Path.Length > 1)
            .Select(r => (Path.TrimEndingDirectorySeparator(r.Path), r.Replacement))
            .OrderByDescending(r => r.Item1.Length)
            .ToList();
    }

    /// <summary>The roots the runner scrubs by default: the notebook folder, the current directory, the home folder.</summary>
    public static OutputScrubber ForNotebook(string notebookPath) => new(
        Path.GetDirectoryName(Path.GetFullPath(notebookPath))!,
        [
            (Directory.GetCurrentDirectory(), ""),
            (Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "~"),
        ]);

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"(?<=\b(?:table|renderPlotly|plot|chart|dni|tree|output)[_-])[0-9a-fA-F]{8,40}\b")]
    private static partial Regex PrefixedId();

    public void Scrub(CellOutput output)
    {
        if (output.Text is not null) output.Text = Scrub(output.Text);
        if (output.ErrorValue is not null) output.ErrorValue = Scrub(output.ErrorValue);
        if (output.Traceback is not null) output.Traceback = output.Traceback.Select(Scrub).ToList();
        if (output.Data is not null)
            foreach (var key in output.Data.Keys.ToList())
                if (!key.StartsWith("image/", StringComparison.Ordinal) || key == "image/svg+xml")
                    output.Data[key] = Scrub(output.Data[key]);
    }

    public string Scrub(string text)
    {
        text = TextLines.Lf(text);
        foreach (var (root, replacement) in roots)
        {
            if (!text.Contains(root, StringComparison.Ordinal)) continue;
            text = text.Replace(root + "/", replacement.Length == 0 ? "" : replacement + "/", StringComparison.Ordinal)
                       .Replace(root, replacement.Length == 0 ? "." : replacement, StringComparison.Ordinal);
        }
        text = Guid().Replace(text, m => Map(m.Value.ToLowerInvariant(), n => $"00000000-0000-0000-0000-{n:D12}"));
        text = PrefixedId().Replace(text, m => Map(m.Value, n => n.ToString("D", System.Globalization.CultureInfo.InvariantCulture)));
        return text;
    }

    string Map(string value, Func<int, string> make)
    {
        if (!ids.TryGetValue(value, out var id))
        {
            id = make(ids.Count + 1);
            ids[value] = id;
        }
        return id;
    }
}
