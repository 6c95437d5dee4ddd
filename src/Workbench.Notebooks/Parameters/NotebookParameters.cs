// Papermill-style parameters: the cell tagged "parameters" declares typed C# defaults (int seed = 1;); values
// given to a run are parsed by the declared type and injected as a new cell tagged "injected-parameters" right
// after it. The executed notebook records them in metadata.workbench.parameters.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Parameters;

/// <summary>A declaration from the parameters cell: <c>int seed = 1;</c> is ("int", "seed").</summary>
public sealed record ParameterDeclaration(string TypeName, string Name, ParameterType Type);

/// <summary>Finds, parses and injects parameters. Thread-safe (no state).</summary>
public static partial class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    [GeneratedRegex(@"^\s*(?:const\s+)?(?<type>[A-Za-z_][\w.]*)\s+(?<name>[A-Za-z_]\w*)\s*=\s*(?<value>[^;]+?)\s*;")]
    private static partial Regex Declaration();

    /// <summary>The parameters cell's index in <see cref="NotebookDocument.Cells"/>, or -1.</summary>
    public static int ParametersCellIndex(NotebookDocument doc) =>
        doc.Cells.FindIndex(c => c.Kind == CellKind.Code && c.HasTag(ParametersTag));

    /// <summary>The declarations of the parameters cell, in source order; lines that declare nothing are skipped.</summary>
    public static IReadOnlyList<ParameterDeclaration> Declarations(NotebookDocument doc)
    {
        var index = ParametersCellIndex(doc);
        if (index < 0) return [];
        var result = new List<ParameterDeclaration>();
        foreach (var line in doc.Cells[index].Source.Split('\n'))
        {
            var m = Declaration().Match(line);
            if (!m.Success) continue;
            var typeName = m.Groups["type"].Value;
            var type = typeName == "var" ? ParameterType.Infer(m.Groups["value"].Value) : ParameterType.Find(typeName);
            if (type is null)
                throw new NotebookInputException(doc.SourcePath, index + 1,
                    $"parameter '{m.Groups["name"].Value}' has type '{typeName}'; parameters must be one of {ParameterType.Names}");
            result.Add(new ParameterDeclaration(typeName, m.Groups["name"].Value, type));
        }
        return result;
    }

    /// <summary>
    /// Checks <paramref name="values"/> against the declarations and inserts the injected-parameters cell
    /// (replacing one left from an earlier run). An unknown name or unparsable value is a
    /// <see cref="NotebookInputException"/>. With no values the notebook is left as it is.
    /// </summary>
    public static void Apply(NotebookDocument doc, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        if (values.Count == 0) return;
        var index = ParametersCellIndex(doc);
        if (index < 0)
            throw new NotebookInputException(doc.SourcePath, null,
                $"parameter '{values[0].Key}' given, but the notebook has no cell tagged '{ParametersTag}'");
        var declared = Declarations(doc);
        var given = new Dictionary<string, (ParameterDeclaration Decl, object Value)>(StringComparer.Ordinal);
        foreach (var (name, text) in values)
        {
            var decl = declared.FirstOrDefault(d => d.Name == name)
                ?? throw new NotebookInputException(doc.SourcePath, index + 1,
                    $"unknown parameter '{name}' (declared: {string.Join(", ", declared.Select(d => d.Name))})");
            var value = decl.Type.Parse(text)
                ?? throw new NotebookInputException(doc.SourcePath, index + 1,
                    $"parameter '{name}' is {decl.Type.Name}; '{text}' is not a valid {decl.Type.Name}");
            given[name] = (decl, value);
        }

        var source = new StringBuilder("// Parameters injected by the workbench runner.\n");
        var json = new JsonObject();
        foreach (var d in declared.Where(d => given.ContainsKey(d.Name)).DistinctBy(d => d.Name))
        {
            var value = given[d.Name].Value;
            source.Append(d.TypeName).Append(' ').Append(d.Name).Append(" = ").Append(d.Type.Literal(value)).Append(";\n");
            json[d.Name] = d.Type.Json(value);
        }
        doc.Cells.RemoveAll(c => c.HasTag(InjectedTag));
        doc.Cells.Insert(index + 1, new NotebookCell
        {
            Id = InjectedTag,
            Kind = CellKind.Code,
            Source = source.ToString().TrimEnd('\n'),
            KernelName = KernelNames.CSharp,
            Tags = [InjectedTag],
        });
        doc.InjectedParameters = json;
    }

    /// <summary>Splits "name=value" (the value may contain '='); null when there is no '=' or no name.</summary>
    public static KeyValuePair<string, string>? ParseAssignment(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) return null;
        return KeyValuePair.Create(text[..eq].Trim(), text[(eq + 1)..]);
    }
}

/// <summary>A C# type a parameter may have, with its parser and literal syntax. Immutable.</summary>
public sealed class ParameterType
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    const NumberStyles Int = NumberStyles.AllowLeadingSign;
    const NumberStyles Real = NumberStyles.Float;

    static readonly ParameterType[] All =
    [
        new("int", ["Int32"], s => int.TryParse(s, Int, Inv, out var v) ? v : null, v => ((int)v).ToString(Inv)),
        new("long", ["Int64"], s => long.TryParse(s, Int, Inv, out var v) ? v : null, v => ((long)v).ToString(Inv) + "L"),
        new("short", ["Int16"], s => short.TryParse(s, Int, Inv, out var v) ? v : null, v => ((short)v).ToString(Inv)),
        new("byte", ["Byte"], s => byte.TryParse(s, NumberStyles.None, Inv, out var v) ? v : null, v => ((byte)v).ToString(Inv)),
        new("uint", ["UInt32"], s => uint.TryParse(s, NumberStyles.None, Inv, out var v) ? v : null, v => ((uint)v).ToString(Inv) + "U"),
        new("ulong", ["UInt64"], s => ulong.TryParse(s, NumberStyles.None, Inv, out var v) ? v : null, v => ((ulong)v).ToString(Inv) + "UL"),
        new("double", ["Double"], s => double.TryParse(s, Real, Inv, out var v) ? v : null, v => RealLiteral((double)v, "double", "d")),
        new("float", ["Single"], s => float.TryParse(s, Real, Inv, out var v) ? v : null, v => RealLiteral((float)v, "float", "f")),
        new("decimal", ["Decimal"], s => decimal.TryParse(s, Real, Inv, out var v) ? v : null, v => ((decimal)v).ToString(Inv) + "m"),
        new("bool", ["Boolean"], s => bool.TryParse(s, out var v) ? v : null, v => (bool)v ? "true" : "false"),
        new("string", ["String"], s => s, v => SymbolDisplay.FormatLiteral((string)v, quote: true)),
    ];

    readonly Func<string, object?> parse;
    readonly Func<object, string> literal;
    readonly string[] aliases;

    ParameterType(string name, string[] aliases, Func<string, object?> parse, Func<object, string> literal)
    {
        Name = name;
        this.aliases = aliases;
        this.parse = parse;
        this.literal = literal;
    }

    /// <summary>The C# keyword ("int").</summary>
    public string Name { get; }

    public static string Names => string.Join(", ", All.Select(t => t.Name));

    /// <summary>By keyword, framework name or full name ("int", "Int32", "System.Int32"); null if unsupported.</summary>
    public static ParameterType? Find(string typeName)
    {
        var name = typeName.StartsWith("System.", StringComparison.Ordinal) ? typeName[7..] : typeName;
        return All.FirstOrDefault(t => t.Name == typeName || t.aliases.Contains(name));
    }

    /// <summary>The type C# gives a literal default of a <c>var</c> declaration, or null.</summary>
    public static ParameterType? Infer(string literal)
    {
        var s = literal.Trim();
        if (s.StartsWith('"') || s.StartsWith("@\"", StringComparison.Ordinal)) return Find("string");
        if (s is "true" or "false") return Find("bool");
        var lower = s.ToLowerInvariant();
        if (lower.EndsWith("ul") || lower.EndsWith("lu")) return Find("ulong");
        if (lower.EndsWith('l')) return Find("long");
        if (lower.EndsWith('u')) return Find("uint");
        if (lower.EndsWith('m')) return Find("decimal");
        if (lower.EndsWith('f')) return Find("float");
        if (lower.EndsWith('d') || lower.Contains('.') || lower.Contains('e')) return Find("double");
        if (long.TryParse(s.Replace("_", ""), Int, Inv, out var n)) return Find(n is >= int.MinValue and <= int.MaxValue ? "int" : "long");
        return null;
    }

    /// <summary>The value, or null when <paramref name="text"/> is not a valid value of this type.</summary>
    public object? Parse(string text) => parse(Name == "string" ? text : text.Trim());

    /// <summary>C# source for the value, e.g. <c>42UL</c>, <c>"a\"b"</c>, <c>double.NaN</c>.</summary>
    public string Literal(object value) => literal(value);

    /// <summary>The value for <c>metadata.workbench.parameters</c>: a JSON number, boolean or string (NaN and infinities as strings).</summary>
    public JsonNode? Json(object value) => value switch
    {
        double d when !double.IsFinite(d) => JsonValue.Create(d.ToString(Inv)),
        float f when !float.IsFinite(f) => JsonValue.Create(f.ToString(Inv)),
        _ => JsonValue.Create(value),
    };

    static string RealLiteral(double v, string type, string suffix)
    {
        if (double.IsNaN(v)) return $"{type}.NaN";
        if (double.IsPositiveInfinity(v)) return $"{type}.PositiveInfinity";
        if (double.IsNegativeInfinity(v)) return $"{type}.NegativeInfinity";
        return (suffix == "f" ? ((float)v).ToString("R", Inv) : v.ToString("R", Inv)) + suffix;
    }
}
