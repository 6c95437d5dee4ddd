// Reads .dib files (Polyglot Notebooks' plain-text format): "#!name" lines start cells, "#!meta" holds the
// kernel info JSON, any other "#!" line (a magic command such as #!import or #!set) stays inside its cell.
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Formats;

/// <summary>
/// Parses .dib text. Like the upstream parser, blank lines at the start and end of a cell are trimmed and blank
/// cells are dropped. A .dib has no ids or outputs: ids are "cell-N" by position. Thread-safe.
/// </summary>
public static class DibReader
{
    public static NotebookDocument Parse(string path, string text)
    {
        var doc = new NotebookDocument { SourcePath = path };
        var chunks = new List<(string Selector, List<string> Lines)>();
        var current = (Selector: "", Lines: new List<string>());
        foreach (var line in TextLines.Lf(text).Split('\n'))
        {
            if (KernelNames.Selector(line) is { } sel)
            {
                chunks.Add(current);
                current = (sel, new List<string>());
            }
            else current.Lines.Add(line);
        }
        chunks.Add(current);

        foreach (var (selector, lines) in chunks.Where(c => c.Selector == "meta"))
            doc.DefaultKernelName = MetaDefaultKernel(path, string.Join('\n', lines)) ?? doc.DefaultKernelName;

        int index = 0;
        foreach (var (selector, lines) in chunks.Where(c => c.Selector != "meta"))
        {
            var source = Trim(lines);
            if (source.Length == 0) continue;
            index++;
            var name = selector.Length == 0 ? doc.DefaultKernelName : selector;
            if (KernelNames.IsMarkdown(name))
            {
                doc.Cells.Add(new NotebookCell { Id = $"cell-{index}", Kind = CellKind.Markdown, Source = source });
                continue;
            }
            var kernel = KernelNames.Canonical(name)
                ?? throw new NotebookInputException(path, index, $"unsupported kernel '{name}': only C# (csharp) and value cells run here");
            doc.Cells.Add(new NotebookCell { Id = $"cell-{index}", Kind = CellKind.Code, Source = source, KernelName = kernel });
        }
        return doc;
    }

    static string? MetaDefaultKernel(string path, string json)
    {
        try
        {
            var node = JsonNode.Parse(json.Trim());
            var name = IpynbReader.Str(node?["kernelInfo"]?["defaultKernelName"]);
            if (name is null) return null;
            return KernelNames.Canonical(name)
                ?? throw new NotebookInputException(path, null, $"unsupported default kernel '{name}' in #!meta");
        }
        catch (JsonException e)
        {
            throw new NotebookInputException(path, null, $"malformed #!meta JSON: {e.Message.Split('\n')[0]}");
        }
    }

    static string Trim(List<string> lines)
    {
        int a = 0, b = lines.Count;
        while (a < b && string.IsNullOrWhiteSpace(lines[a])) a++;
        while (b > a && string.IsNullOrWhiteSpace(lines[b - 1])) b--;
        return string.Join('\n', lines.Skip(a).Take(b - a));
    }
}
