// Parameter declarations, parsing by declared type, and the C# literals injected for them.
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Parameters;

namespace Workbench.Notebooks.Tests.Formats;

public sealed class ParameterTests
{
    [Theory]
    [InlineData("int", "42", "42")]
    [InlineData("int", "-7", "-7")]
    [InlineData("long", "9000000000", "9000000000L")]
    [InlineData("ulong", "18446744073709551615", "18446744073709551615UL")]
    [InlineData("uint", "4000000000", "4000000000U")]
    [InlineData("double", "0.1", "0.1d")]
    [InlineData("double", "1e300", "1E+300d")]
    [InlineData("double", "NaN", "double.NaN")]
    [InlineData("float", "2.5", "2.5f")]
    [InlineData("decimal", "1.10", "1.10m")]
    [InlineData("bool", "True", "true")]
    [InlineData("string", "tab\there \"q\"", "\"tab\\there \\\"q\\\"\"")]
    [InlineData("System.Int32", "3", "3")]
    public void a_value_parses_by_its_declared_type_into_a_csharp_literal(string type, string text, string literal)
    {
        var t = ParameterType.Find(type)!;
        Assert.Equal(literal, t.Literal(t.Parse(text)!));
    }

    [Theory]
    [InlineData("int", "3.0")]
    [InlineData("int", "99999999999")]
    [InlineData("ulong", "-1")]
    [InlineData("byte", "256")]
    [InlineData("bool", "1")]
    [InlineData("double", "1,5")]
    public void a_value_of_the_wrong_type_does_not_parse(string type, string text) =>
        Assert.Null(ParameterType.Find(type)!.Parse(text));

    [Theory]
    [InlineData("3", "int")]
    [InlineData("3000000000", "long")]
    [InlineData("3L", "long")]
    [InlineData("3UL", "ulong")]
    [InlineData("0.5", "double")]
    [InlineData("0.5f", "float")]
    [InlineData("1m", "decimal")]
    [InlineData("\"s\"", "string")]
    [InlineData("false", "bool")]
    public void var_declarations_take_the_type_of_their_literal(string literal, string type) =>
        Assert.Equal(type, ParameterType.Infer(literal)!.Name);

    [Fact]
    public void declarations_skip_comments_and_unrelated_lines_and_reject_unsupported_types()
    {
        var doc = DibReader.Parse("/x/p.dib", "#!csharp\n// defaults\nint seed = 1; // the seed\nconst double Scale = 2.0;\nConsole.WriteLine();");
        doc.Cells[0].Tags.Add(NotebookParameters.ParametersTag);
        Assert.Equal(["seed", "Scale"], NotebookParameters.Declarations(doc).Select(d => d.Name));

        var bad = DibReader.Parse("/x/q.dib", "#!csharp\nDateTime when = DateTime.Now;");
        bad.Cells[0].Tags.Add(NotebookParameters.ParametersTag);
        var e = Assert.Throws<NotebookInputException>(() => NotebookParameters.Declarations(bad));
        Assert.Equal("/x/q.dib: cell 1: parameter 'when' has type 'DateTime'; parameters must be one of int, long, short, byte, uint, ulong, double, float, decimal, bool, string", e.Message);
    }

    [Fact]
    public void a_second_run_replaces_the_injected_cell_instead_of_adding_another()
    {
        var doc = DibReader.Parse("/x/p.dib", "#!csharp\nint seed = 1;\n\n#!csharp\nseed");
        doc.Cells[0].Tags.Add(NotebookParameters.ParametersTag);
        NotebookParameters.Apply(doc, [KeyValuePair.Create("seed", "2")]);
        NotebookParameters.Apply(doc, [KeyValuePair.Create("seed", "3")]);
        Assert.Equal(3, doc.Cells.Count);
        Assert.Equal("// Parameters injected by the workbench runner.\nint seed = 3;", doc.Cells[1].Source);
        Assert.Equal("{\"seed\":3}", doc.InjectedParameters!.ToJsonString());
    }
}
