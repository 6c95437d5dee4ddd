// Reads Jupyter notebooks (nbformat 4) into the runner's model: VS Code Polyglot Notebooks files, dotnet-repl and
// Jupyter .NET kernel outputs, and plain C# Jupyter notebooks all load.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Formats;

/// <summary>Parses .ipynb text. Every failure is a <see cref="NotebookInputException"/> naming the file and cell. Thread-safe.</summary>
public static partial class IpynbReader
{
    /// <summary>Cell metadata keys the writer owns or drops (timestamps written by other runners).</summary>
    internal static readonly string[] OwnedCellKeys =
        ["polyglot_notebook", "dotnet_interactive", "tags", "execution", "dotnet_repl_cellExecutionStartTime", "dotnet_repl_cellExecutionEndTime"];

    internal static readonly string[] OwnedNotebookKeys = ["kernelspec", "language_info", "polyglot_notebook", "workbench"];

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidId();

    public static NotebookDocument Parse(string path, string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new NotebookInputException(path, null, $"malformed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstLine(e.Message)}");
        }
        if (root is not JsonObject nb) throw new NotebookInputException(path, null, "not a notebook: the top level is not a JSON object");
        if (nb["nbformat"] is not JsonValue major || !major.TryGetValue<int>(out var m) || m != 4)
            throw new NotebookInputException(path, null, "unsupported notebook format: expected \"nbformat\": 4");
        if (nb["cells"] is not JsonArray cells) throw new NotebookInputException(path, null, "not a notebook: no \"cells\" array");

        var metadata = nb["metadata"] as JsonObject ?? new JsonObject();
        var doc = new NotebookDocument { SourcePath = path, DefaultKernelName = DefaultKernel(path, metadata) };
        foreach (var (key, value) in metadata)
            if (!OwnedNotebookKeys.Contains(key)) doc.Metadata[key] = value?.DeepClone();

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
            doc.Cells.Add(ReadCell(path, i + 1, cells[i], doc.DefaultKernelName, ids));
        return doc;
    }

    static string DefaultKernel(string path, JsonObject metadata)
    {
        var spec = metadata["kernelspec"] as JsonObject;
        var specName = (spec?["name"] as JsonValue)?.GetValue<string>();
        var specLanguage = (spec?["language"] as JsonValue)?.GetValue<string>();
        var polyglot = metadata["polyglot_notebook"] as JsonObject;
        var declared = Str(polyglot?["kernelInfo"]?["defaultKernelName"]) ?? Str(polyglot?["defaultKernelName"]);
        if (declared is not null)
            return Canonical(path, null, declared);
        if (specName is not null && specName != ".net-csharp" && !(specName.StartsWith(".net", StringComparison.Ordinal) && specLanguage is "C#"))
        {
            if (specLanguage is "C#" or "csharp") return KernelNames.CSharp;
            throw new NotebookInputException(path, null, $"unsupported kernel '{specName}' (language '{specLanguage}'): only C# notebooks (.net-csharp) run here");
        }
        return KernelNames.CSharp;
    }

    static NotebookCell ReadCell(string path, int index, JsonNode? node, string defaultKernel, HashSet<string> ids)
    {
        if (node is not JsonObject c) throw new NotebookInputException(path, index, "a cell is not a JSON object");
        var type = Str(c["cell_type"]);
        var kind = type switch
        {
            "code" => CellKind.Code,
            "markdown" => CellKind.Markdown,
            "raw" => CellKind.Raw,
            _ => throw new NotebookInputException(path, index, $"unknown cell_type '{type}'"),
        };
        string source;
        try { source = TextLines.Lf(TextLines.Join(c["source"])); }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new NotebookInputException(path, index, $"bad \"source\": {e.Message}");
        }
        var meta = c["metadata"] as JsonObject ?? new JsonObject();
        var cell = new NotebookCell { Id = CellId(Str(c["id"]), index, ids), Kind = kind, Source = source };
        foreach (var (key, value) in meta)
            if (!OwnedCellKeys.Contains(key)) cell.Metadata[key] = value?.DeepClone();
        if (meta["tags"] is JsonArray tags)
            cell.Tags.AddRange(tags.Select(t => Str(t)).OfType<string>());
        if (kind != CellKind.Code && c["attachments"] is JsonObject attachments && attachments.Count > 0)
            cell.Attachments = (JsonObject)attachments.DeepClone();
        if (kind == CellKind.Code)
        {
            var named = Str(meta["polyglot_notebook"]?["kernelName"]) ?? Str(meta["dotnet_interactive"]?["language"]);
            var selector = KernelNames.Selector(source.Split('\n')[0]);
            cell.KernelName = Canonical(path, index, selector ?? named ?? defaultKernel);
            if (c["outputs"] is JsonArray outputs) cell.Outputs.AddRange(outputs.Select(o => ReadOutput(path, index, o)));
            if (c["execution_count"] is JsonValue n && n.TryGetValue<int>(out var count)) cell.ExecutionCount = count;
        }
        return cell;
    }

    static string Canonical(string path, int? index, string name)
    {
        if (KernelNames.Canonical(name) is { } k) return k;
        throw new NotebookInputException(path, index, $"unsupported kernel '{name}': only C# (csharp) and value cells run here");
    }

    static string CellId(string? id, int index, HashSet<string> ids)
    {
        if (id is null || !ValidId().IsMatch(id) || ids.Contains(id))
        {
            id = $"cell-{index}";
            for (int n = 2; ids.Contains(id); n++) id = $"cell-{index}-{n}";
        }
        ids.Add(id);
        return id;
    }

    static CellOutput ReadOutput(string path, int index, JsonNode? node)
    {
        if (node is not JsonObject o) throw new NotebookInputException(path, index, "an output is not a JSON object");
        var type = Str(o["output_type"]) ?? throw new NotebookInputException(path, index, "an output has no output_type");
        return type switch
        {
            CellOutput.Stream => CellOutput.StreamText(Str(o["name"]) ?? "stdout", TextLines.Join(o["text"])),
            CellOutput.DisplayData or CellOutput.ExecuteResult => CellOutput.Values(type,
                (o["data"] as JsonObject ?? new JsonObject()).Select(kv => KeyValuePair.Create(kv.Key,
                    kv.Value is JsonObject j ? j.ToJsonString() : TextLines.Join(kv.Value)))),
            CellOutput.Error => CellOutput.Failure(Str(o["ename"]) ?? "", Str(o["evalue"]) ?? "",
                (o["traceback"] as JsonArray ?? new JsonArray()).Select(t => Str(t) ?? "")),
            _ => throw new NotebookInputException(path, index, $"unknown output_type '{type}'"),
        };
    }

    internal static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
