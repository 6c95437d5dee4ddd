// scrapbook's glue for Workbench: a notebook records named results, which land in its executed .ipynb as a display
// output of their own MIME type; `workbench sweep` gathers them from every run into one table.
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Lab;

public static partial class Notebook
{
    /// <summary>The MIME type of a recorded result: <c>{"name": NAME, "value": VALUE}</c>.</summary>
    public const string RecordMimeType = "application/vnd.workbench.record+json";

    /// <summary>
    /// Records <paramref name="value"/> under <paramref name="name"/> (scrapbook's <c>glue</c>): displayed as an output
    /// of type <see cref="RecordMimeType"/> (with a text/plain line <c>name = value</c>), which <c>workbench sweep</c>
    /// collects into one column per name. Numbers, booleans and strings keep their JSON type; anything else is
    /// recorded as its <c>ToString()</c> (invariant culture). A later record of the same name in a run wins.
    /// Outside a .NET Interactive cell it only returns the record. No requirements.
    /// </summary>
    public static RecordedValue Record(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var recorded = new RecordedValue(name, ToJson(value));
        Display(recorded);
        return recorded;
    }

    static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        double d when !double.IsFinite(d) => JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        float f when !float.IsFinite(f) => JsonValue.Create(f.ToString(CultureInfo.InvariantCulture)),
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            JsonNode.Parse(((IFormattable)value).ToString(value is double or float ? "R" : null, CultureInfo.InvariantCulture)),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>
    /// Displays the record in the running cell through <c>Microsoft.DotNet.Interactive.Kernel.display</c>, found by
    /// reflection (Lab does not reference the kernel packages). The formatters are registered first when missing (a
    /// fresh kernel resets the Formatter).
    /// </summary>
    static void Display(RecordedValue recorded)
    {
        var kernel = Type.GetType("Microsoft.DotNet.Interactive.Kernel, Microsoft.DotNet.Interactive");
        var display = kernel?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
        if (display is null) return;
        if (!Formatter.GetPreferredMimeTypesFor(typeof(RecordedValue)).Contains(RecordMimeType))
        {
            Formatter.Register<RecordedValue>(r => r.ToString(), Plain);
            Formatter.Register<RecordedValue>(r => r.Json, RecordMimeType);
            Formatter.SetPreferredMimeTypesFor(typeof(RecordedValue), Plain, RecordMimeType);
        }
        display.Invoke(null, [recorded, new[] { Plain, RecordMimeType }]);
    }
}

/// <summary>A result recorded by <see cref="Notebook.Record"/>: its name and JSON value. Immutable.</summary>
public sealed record RecordedValue(string Name, JsonNode? Value)
{
    /// <summary><c>{"name":"mean","value":3.5}</c></summary>
    public string Json => new JsonObject { ["name"] = Name, ["value"] = Value?.DeepClone() }.ToJsonString(Relaxed);

    static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string ToString() => $"{Name} = {Value?.ToJsonString(Relaxed) ?? "null"}";
}
