// papermill's -f: parameters from a JSON or YAML file, a mapping of names to single values. Values come back as the
// text a -p NAME=VALUE would carry; the declared type in the notebook's parameters cell parses them as usual.
using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Notebooks.Parameters;

/// <summary>Reads <c>-f params.json|yaml</c>. Thread-safe (no state).</summary>
public static class ParameterFile
{
    /// <summary>
    /// The file's name/value pairs in file order. JSON when the file name ends in <c>.json</c>, YAML otherwise (YAML
    /// is a superset of JSON). A missing file, bad syntax, or a value that is not a single number, boolean or
    /// string is a <see cref="NotebookInputException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookInputException(path, null, $"cannot read the parameters file: {e.Message}", e);
        }
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Json(path, text) : Yaml(path, text);
    }

    static List<KeyValuePair<string, string>> Json(string path, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Bad(path, (e.LineNumber ?? 0) + 1, $"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, 1, "expected a JSON object of parameter names and values");
            var result = new List<KeyValuePair<string, string>>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var value = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw new NotebookInputException(path, null, $"parameter '{p.Name}' must be a number, boolean or string, not {p.Value.ValueKind.ToString().ToLowerInvariant()}"),
                };
                result.Add(KeyValuePair.Create(p.Name, value));
            }
            return result;
        }
    }

    static List<KeyValuePair<string, string>> Yaml(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Bad(path, e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        var result = new List<KeyValuePair<string, string>>();
        if (stream.Documents.Count == 0) return result;
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw Bad(path, stream.Documents[0].RootNode.Start.Line, "expected a mapping of parameter names to values");
        foreach (var (key, node) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw Bad(path, key.Start.Line, "a parameter name must be a plain word");
            if (node is not YamlScalarNode { Value: { } value } || (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "~" or "null" or "" }))
                throw Bad(path, node.Start.Line, $"parameter '{name}' must be a single number, boolean or string");
            result.Add(KeyValuePair.Create(name, value));
        }
        return result;
    }

    static NotebookInputException Bad(string path, long line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}:{line}"), null, message);
}
