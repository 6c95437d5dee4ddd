// Reads what a notebook recorded (Workbench.Lab's Notebook.Record, scrapbook's glue) back from its executed cells:
// display outputs of the record MIME type, {"name": NAME, "value": VALUE}.
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Sweep;

/// <summary>Finds records in an executed notebook. Thread-safe (no state).</summary>
public static class RecordedResults
{
    /// <summary>The MIME type Workbench.Lab's <c>Notebook.Record</c> displays (kept equal to <c>Notebook.RecordMimeType</c>).</summary>
    public const string MimeType = "application/vnd.workbench.record+json";

    /// <summary>Every record in cell order; a later record of a name replaces the earlier one.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> From(NotebookDocument executed)
    {
        var records = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var output in executed.Cells.SelectMany(c => c.Outputs))
        {
            if (output.Data is null || !output.Data.TryGetValue(MimeType, out var json)) continue;
            try
            {
                if (JsonNode.Parse(json) is JsonObject o && (string?)o["name"] is { Length: > 0 } name) records[name] = o["value"]?.DeepClone();
            }
            catch (JsonException)
            {
                // Not a record (written by something else); ignored.
            }
        }
        return records;
    }

    /// <summary>A recorded value as a table cell: the JSON text of a number, a string's own text, true/false; null stays null.</summary>
    public static string? Cell(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
