// What a run writes besides the notebooks: the JUnit report (valid XML whatever a cell's message holds) and the
// summary; neither can take the run's exit code or its other outputs down with it.
using System.Xml.Linq;
using Workbench.Notebooks.Command;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class ReportWritingTests(Workers workers)
{
    [Fact]
    public void junit_text_with_an_ANSI_colour_escape_is_written_as_valid_xml()
    {
        var message = "nb.ipynb: cell 1: \u001b[31mred\u001b[0m failure \uFFFF";
        Assert.Equal("nb.ipynb: cell 1: \\x1B[31mred\\x1B[0m failure \\uFFFF", JUnitReport.XmlText(message));
        var doc = new NotebookDocument { SourcePath = "/nb/nb.ipynb", Cells = [new NotebookCell { Kind = CellKind.Code, Id = "c", Source = "x" }] };
        var cell = new CellReport(1, 1, "c", CellStatus.Failed, TimeSpan.Zero, message, []);
        var result = new NotebookResult(doc.SourcePath, "nb", NotebookStatus.Failed, [cell], 1, TimeSpan.Zero, "nb.ipynb", "nb.html", message, null);
        var path = Path.Combine(Paths.NewTempDir(), "junit.xml");
        JUnitReport.Write(path, [result], [doc]);
        var failure = XDocument.Load(path).Descendants("failure").Single();
        Assert.Contains("\\x1B[31mred", (string?)failure.Attribute("message"));
    }

    [Fact]
    public async Task a_closed_stdout_exits_2_with_the_reason_and_the_junit_report_is_still_written()
    {
        var output = Paths.NewTempDir();
        var junit = Path.Combine(output, "junit.xml");
        var stderr = new StringWriter();
        var args = new[] { Paths.Fixture("raises.ipynb"), "--output", output, "--junit", junit };
        var exit = await NotebookRunCommand.RunAsync(args, new ClosedWriter(), stderr, Workers.StartInfo, workers.Pool);
        Assert.True(exit == 2, stderr.ToString());
        Assert.Contains("workbench run: cannot write the summary to standard output: ", stderr.ToString());
        Assert.True(File.Exists(junit), "the JUnit report was lost with stdout");
        Assert.True(File.Exists(Path.Combine(output, "raises.ipynb")));
    }

    /// <summary>A stdout whose reader went away: every write fails with EPIPE's IOException.</summary>
    sealed class ClosedWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");

        public override void WriteLine(string? value) => throw new IOException("Broken pipe");
    }
}
