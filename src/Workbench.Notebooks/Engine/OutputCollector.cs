// Collects one cell's outputs under a size cap: stream text in builders (a cell printing a million short lines costs
// linear time), and once the cap is reached the rest is dropped and one visible marker says so, as Jupyter front
// ends do. What reaches the runner, the .ipynb and the .html is therefore bounded whatever a cell prints.
using System.Globalization;
using System.Text;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Engine;

/// <summary>Builds a <see cref="CellExecution"/>'s outputs in order. Not thread-safe: one per cell.</summary>
public sealed class OutputCollector(long maxChars)
{
    /// <summary>The marker's first words, for tests and readers.</summary>
    public const string TruncatedMarker = "[output truncated:";

    readonly List<(CellOutput Output, StringBuilder? Text)> outputs = new();
    readonly long max = maxChars;
    long left = maxChars;
    long dropped;

    /// <summary>True once something was dropped.</summary>
    public bool Truncated => dropped > 0;

    /// <summary>Appends stream text, joining it to the previous output when that is the same stream.</summary>
    public void Stream(string name, string text)
    {
        var kept = Take(text.Length);
        if (kept == 0) return;
        if (outputs.Count > 0 && outputs[^1].Text is { } sb && outputs[^1].Output.Name == name)
        {
            sb.Append(text, 0, kept);
            return;
        }
        outputs.Add((CellOutput.StreamText(name, ""), new StringBuilder().Append(text, 0, kept)));
    }

    /// <summary>Adds a display or result output; when it does not fit, only its text/plain is kept, cut to what is left.</summary>
    public CellOutput? Values(string outputType, IEnumerable<KeyValuePair<string, string>> data)
    {
        var pairs = data.ToList();
        long size = pairs.Sum(p => (long)p.Value.Length);
        if (left >= size)
        {
            left -= size;
            var whole = CellOutput.Values(outputType, pairs);
            outputs.Add((whole, null));
            return whole;
        }
        var text = pairs.FirstOrDefault(p => p.Key == "text/plain").Value ?? "";
        dropped += size - text.Length;
        var kept = Take(text.Length);
        if (kept == 0) return null;
        var cut = CellOutput.Values(outputType, [KeyValuePair.Create("text/plain", text[..kept])]);
        outputs.Add((cut, null));
        return cut;
    }

    /// <summary>Replaces the data of an output added earlier (a display that was updated); not counted again.</summary>
    public static void Update(CellOutput shown, SortedDictionary<string, string> data) => shown.Data = data;

    /// <summary>An error output: always kept (the reason a cell failed), its message cut to the cap.</summary>
    public void Error(CellOutput error)
    {
        if (error.ErrorValue is { } v && v.Length > max) error.ErrorValue = v[..(int)Math.Min(max, int.MaxValue)];
        if (error.Traceback is { } tb && tb.Sum(l => (long)l.Length) > max) error.Traceback = [error.ErrorValue ?? ""];
        outputs.Add((error, null));
    }

    /// <summary>The outputs, with the truncation marker (a stderr stream) after the last kept one when anything was dropped.</summary>
    public List<CellOutput> Build()
    {
        var list = new List<CellOutput>(outputs.Count + 1);
        foreach (var (o, sb) in outputs)
        {
            if (sb is not null) o.Text = sb.ToString();
            list.Add(o);
        }
        if (Truncated)
            list.Add(CellOutput.StreamText("stderr", string.Create(CultureInfo.InvariantCulture,
                $"\n{TruncatedMarker} the cell wrote more than {max:N0} characters (--max-output); {dropped:N0} were dropped]\n")));
        return list;
    }

    /// <summary>How much of <paramref name="length"/> characters still fits; the rest is counted as dropped.</summary>
    int Take(int length)
    {
        var kept = (int)Math.Min(length, left);
        left -= kept;
        dropped += length - kept;
        return kept;
    }
}
