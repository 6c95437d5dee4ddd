// Writes the executed notebook as nbformat 4.5 in the shape VS Code Polyglot Notebooks writes, byte for byte
// deterministic: keys sorted, one-space indent, LF only, multiline strings as arrays of lines (as Jupyter does).
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Formats;

/// <summary>Serialises a <see cref="NotebookDocument"/> to .ipynb text. Thread-safe.</summary>
public static class IpynbWriter
{
    public static string Write(NotebookDocument doc)
    {
        var metadata = (JsonObject)doc.Metadata.DeepClone();
        metadata["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        metadata["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        metadata["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = doc.DefaultKernelName,
                ["items"] = new JsonArray(
                    new JsonObject { ["aliases"] = new JsonArray(), ["name"] = KernelNames.CSharp },
                    new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = null, ["name"] = KernelNames.Value }),
            },
        };
        if (doc.InjectedParameters is { } p)
            metadata["workbench"] = new JsonObject { ["parameters"] = p.DeepClone() };

        var root = new JsonObject
        {
            ["cells"] = new JsonArray(doc.Cells.Select(Cell).ToArray<JsonNode?>()),
            ["metadata"] = metadata,
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return Serialize(root) + "\n";
    }

    static JsonObject Cell(NotebookCell cell)
    {
        var meta = (JsonObject)cell.Metadata.DeepClone();
        if (cell.Tags.Count > 0) meta["tags"] = new JsonArray(cell.Tags.Select(t => (JsonNode?)t).ToArray());
        var o = new JsonObject
        {
            ["cell_type"] = cell.Kind switch { CellKind.Code => "code", CellKind.Markdown => "markdown", _ => "raw" },
            ["id"] = cell.Id,
            ["metadata"] = meta,
            ["source"] = TextLines.Split(TextLines.Lf(cell.Source)),
        };
        if (cell.Attachments is { Count: > 0 } attachments && cell.Kind != CellKind.Code) o["attachments"] = attachments.DeepClone();
        if (cell.Kind != CellKind.Code) return o;
        meta["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.KernelName ?? KernelNames.CSharp };
        o["execution_count"] = cell.ExecutionCount;
        o["outputs"] = new JsonArray(cell.Outputs.Select(x => Output(x, cell.ExecutionCount)).ToArray<JsonNode?>());
        return o;
    }

    static JsonObject Output(CellOutput x, int? count) => x.OutputType switch
    {
        CellOutput.Stream => new JsonObject
        {
            ["name"] = x.Name ?? "stdout",
            ["output_type"] = CellOutput.Stream,
            ["text"] = TextLines.Split(TextLines.Lf(x.Text ?? "")),
        },
        CellOutput.Error => new JsonObject
        {
            ["ename"] = x.ErrorName ?? "Error",
            ["evalue"] = TextLines.Lf(x.ErrorValue ?? ""),
            ["output_type"] = CellOutput.Error,
            ["traceback"] = new JsonArray((x.Traceback ?? []).Select(t => (JsonNode?)TextLines.Lf(t)).ToArray()),
        },
        _ => Bundle(x, count),
    };

    static JsonObject Bundle(CellOutput x, int? count)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in x.Data ?? new SortedDictionary<string, string>(StringComparer.Ordinal))
            data[mime] = IsJson(mime) && TryParseObject(value) is { } j ? j : TextLines.Split(TextLines.Lf(value));
        var o = new JsonObject { ["data"] = data, ["metadata"] = new JsonObject(), ["output_type"] = x.OutputType };
        if (x.OutputType == CellOutput.ExecuteResult) o["execution_count"] = count;
        return o;
    }

    static bool IsJson(string mime) => mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("json", StringComparison.Ordinal);

    static JsonNode? TryParseObject(string s)
    {
        try { return JsonNode.Parse(s) as JsonObject; }
        catch (JsonException) { return null; }
    }

    /// <summary>JSON with object keys sorted ordinally at every level, one-space indent, LF newlines, no needless escapes.</summary>
    internal static string Serialize(JsonNode node)
    {
        using var ms = new MemoryStream();
        var options = new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 1,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var w = new Utf8JsonWriter(ms, options)) WriteSorted(w, node);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    static void WriteSorted(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(k);
                    WriteSorted(w, v);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var v in a) WriteSorted(w, v);
                w.WriteEndArray();
                break;
            default: node.WriteTo(w); break;
        }
    }
}
