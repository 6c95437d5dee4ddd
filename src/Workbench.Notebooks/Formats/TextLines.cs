// Line-ending and multiline-string helpers shared by the readers and writers.
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Formats;

static class TextLines
{
    /// <summary>CRLF and lone CR become LF: every text the runner stores or writes uses LF only.</summary>
    public static string Lf(string s) => s.Contains('\r') ? s.Replace("\r\n", "\n").Replace('\r', '\n') : s;

    /// <summary>nbformat's multiline string: a string or an array of strings, joined.</summary>
    public static string Join(JsonNode? node) => node switch
    {
        null => "",
        JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>() ?? "")),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new FormatException($"expected a string or an array of strings, found {node.GetValueKind()}"),
    };

    /// <summary>Splits into lines that keep their "\n", the form Jupyter writes ("a\nb" is ["a\n", "b"]).</summary>
    public static JsonArray Split(string s)
    {
        var a = new JsonArray();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\n') continue;
            a.Add(s[start..(i + 1)]);
            start = i + 1;
        }
        if (start < s.Length) a.Add(s[start..]);
        return a;
    }
}
