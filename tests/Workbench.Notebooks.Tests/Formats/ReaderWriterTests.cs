// Reading and writing notebooks without running them.
using System.Text.Json.Nodes;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Tests.Formats;

public sealed class ReaderWriterTests
{
    [Fact]
    public void multiline_strings_are_written_as_lines_that_keep_their_newline()
    {
        Assert.Equal("[\"a\\n\",\"b\"]", TextLines.Split("a\nb").ToJsonString());
        Assert.Equal("[\"a\\n\",\"\\n\"]", TextLines.Split("a\n\n").ToJsonString());
        Assert.Equal("[]", TextLines.Split("").ToJsonString());
    }

    [Fact]
    public void a_plain_jupyter_csharp_notebook_without_ids_gets_positional_ids_and_the_vs_code_metadata()
    {
        var json = """
            {"cells":[{"cell_type":"code","execution_count":7,"metadata":{"dotnet_interactive":{"language":"csharp"},"dotnet_repl_cellExecutionStartTime":"2026-01-01T00:00:00"},"outputs":[],"source":"1+1\r\n"},
                      {"cell_type":"markdown","metadata":{},"source":["# t"]}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"language_info":{"name":"C#"},"authors":["a"]},
             "nbformat":4,"nbformat_minor":2}
            """;
        var doc = IpynbReader.Parse("/x/plain.ipynb", json);
        Assert.Equal(["cell-1", "cell-2"], doc.Cells.Select(c => c.Id));
        Assert.Equal("1+1\n", doc.Cells[0].Source);
        Assert.Equal("csharp", doc.Cells[0].KernelName);
        var written = JsonNode.Parse(IpynbWriter.Write(doc))!;
        Assert.Equal(5, (int)written["nbformat_minor"]!);
        Assert.Equal("polyglot-notebook", (string?)written["metadata"]!["language_info"]!["name"]);
        Assert.Equal("csharp", (string?)written["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        Assert.Equal("a", (string?)written["metadata"]!["authors"]![0]);
        Assert.Null(written["cells"]![0]!["metadata"]!["dotnet_repl_cellExecutionStartTime"]);
        Assert.Null(written["cells"]![0]!["metadata"]!["dotnet_interactive"]);
        Assert.Equal("csharp", (string?)written["cells"]![0]!["metadata"]!["polyglot_notebook"]!["kernelName"]);
    }

    [Fact]
    public void the_writer_sorts_keys_indents_by_one_space_and_ends_with_a_newline()
    {
        var doc = new NotebookDocument { SourcePath = "/x/n.ipynb" };
        doc.Cells.Add(new NotebookCell { Id = "c", Kind = CellKind.Code, Source = "x", KernelName = "csharp", ExecutionCount = 1 });
        doc.Cells[0].Outputs.Add(CellOutput.Values(CellOutput.ExecuteResult, [KeyValuePair.Create("text/plain", "1")]));
        var text = IpynbWriter.Write(doc);
        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 1,\n   \"id\": \"c\",", text);
        Assert.EndsWith("\"nbformat_minor\": 5\n}\n", text);
        Assert.Equal(text, IpynbWriter.Write(IpynbReader.Parse("/x/n.ipynb", text)));
    }

    [Fact]
    public void a_cell_selector_line_overrides_the_cell_metadata()
    {
        var json = """{"cells":[{"cell_type":"code","id":"a","metadata":{"polyglot_notebook":{"kernelName":"value"}},"outputs":[],"source":"#!csharp\n1"}],"metadata":{},"nbformat":4,"nbformat_minor":5}""";
        Assert.Equal("csharp", IpynbReader.Parse("/x/s.ipynb", json).Cells[0].KernelName);
    }

    [Fact]
    public void a_dib_splits_cells_at_selector_lines_only_and_keeps_magic_commands_inside()
    {
        var doc = DibReader.Parse("/x/a.dib", "#!csharp\n\nvar a = 1;\n#!set --name b --value 2\n\n#!markdown\n\n# Title\n\n#!value --name v\nhello\n\n#!csharp\n\n\n");
        Assert.Equal([CellKind.Code, CellKind.Markdown], doc.Cells.Select(c => c.Kind));
        Assert.Equal("var a = 1;\n#!set --name b --value 2", doc.Cells[0].Source);
        Assert.Equal("# Title\n\n#!value --name v\nhello", doc.Cells[1].Source);
    }

    [Fact]
    public void markdown_cell_attachments_survive_reading_and_writing_and_show_on_the_page()
    {
        var json = """
            {"cells":[{"attachments":{"tree.png":{"image/png":"iVBORw0KGgo="}},"cell_type":"markdown","id":"m","metadata":{},"source":["![tree](attachment:tree.png)"]}],
             "metadata":{},"nbformat":4,"nbformat_minor":5}
            """;
        var doc = IpynbReader.Parse("/x/att.ipynb", json);
        var written = JsonNode.Parse(IpynbWriter.Write(doc))!;
        Assert.Equal("iVBORw0KGgo=", (string?)written["cells"]![0]!["attachments"]!["tree.png"]!["image/png"]);
        var page = Workbench.Notebooks.Html.NotebookHtmlWriter.Write(IpynbReader.Parse("/x/att.ipynb", written.ToJsonString()));
        Assert.Contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"tree\">", page);
    }

    [Theory]
    [InlineData("""{"cells":[],"metadata":{},"nbformat":3}""", "unsupported notebook format")]
    [InlineData("""[1,2]""", "not a notebook: the top level is not a JSON object")]
    [InlineData("""{"nbformat":4,"metadata":{}}""", "not a notebook: no \"cells\" array")]
    [InlineData("""{"nbformat":4,"metadata":{},"cells":[{"cell_type":"code","source":1}]}""", "cell 1: bad \"source\"")]
    [InlineData("""{"nbformat":4,"metadata":{},"cells":[{"cell_type":"markdown","source":""},{"cell_type":"heading","source":""}]}""", "cell 2: unknown cell_type 'heading'")]
    public void bad_notebooks_are_input_errors_that_name_file_and_cell(string json, string message)
    {
        var e = Assert.Throws<NotebookInputException>(() => IpynbReader.Parse("/x/bad.ipynb", json));
        Assert.StartsWith("/x/bad.ipynb: ", e.Message);
        Assert.Contains(message, e.Message);
    }
}
