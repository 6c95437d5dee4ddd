// The C# types a notebook parameter may have: how a command-line value parses, and the literal injected for it.
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Notebooks.Parameters;

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
