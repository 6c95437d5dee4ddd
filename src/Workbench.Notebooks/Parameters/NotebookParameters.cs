// Papermill-style parameters: the cell tagged "parameters" declares typed C# defaults (int seed = 1;); values
// given to a run are parsed by the declared type and injected as a new cell tagged "injected-parameters" right
// after it. The executed notebook records them in metadata.workbench.parameters.
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
