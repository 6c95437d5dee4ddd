// Workbench.Lab: Notebook.Setup registers the formatters and says what it loaded.
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Workbench.Charts;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Lab;

[Collection(GlobalStateCollection.Name)]
public sealed class NotebookSetupTests
{
    [Fact]
    public void setup_is_idempotent_and_names_version_folder_and_isolated_plotly()
    {
        var first = Notebook.Setup();
        var second = Notebook.Setup();
        Assert.Equal(first, second);
        Assert.StartsWith("Workbench.Lab ", first);
        Assert.Contains("FSharp.Core 10.1.", first);
        Assert.Contains("load context 'Workbench.Charts.Plotly'", first);
        Assert.DoesNotContain(Path.GetTempPath(), first);
        Assert.DoesNotContain("+", first.Split(' ')[1]);   // no commit hash: outputs stay identical across commits
    }

    [Fact]
    public void dataframes_format_as_the_deterministic_tables_in_both_mime_types()
    {
        Notebook.Setup();
        var df = new DataFrame(new Int32DataFrameColumn("refs", new[] { 1, 2 }));
        Assert.Equal(DataFrameTables.ToHtml(df), df.ToDisplayString("text/html"));
        Assert.Equal(DataFrameTables.ToText(df), df.ToDisplayString("text/plain"));
        Assert.Equal(new[] { "text/html", "text/plain" }, Formatter.GetPreferredMimeTypesFor(typeof(DataFrame)));
        Assert.Equal(DataFrameTables.ToText(df["refs"]), df["refs"].ToDisplayString("text/plain"));
    }

    [Fact]
    public void charts_format_as_their_fragment_and_one_line_summary()
    {
        Notebook.Setup();
        var saved = C.Inlining;
        try
        {
            C.Inlining = PlotlyInlining.Never;
            var chart = C.Bar(new[] { "a", "b" }, new[] { 1, 2 }, title: "calls", seed: 2);
            Assert.Equal(chart.Html, chart.ToDisplayString("text/html"));
            Assert.Equal(chart.ToString(), chart.ToDisplayString("text/plain"));
            Assert.DoesNotContain('\n', chart.ToDisplayString("text/plain"));
        }
        finally { C.Inlining = saved; }
    }

    [Fact]
    public void a_registration_hook_added_after_setup_runs_at_once()
    {
        Notebook.Setup();
        var ran = 0;
        Notebook.RegisterFormatters(() => ran++);
        Assert.Equal(1, ran);
        Notebook.Setup();
        Assert.Equal(1, ran);
    }

    [Fact]
    public void outside_a_dotnet_interactive_cell_no_kernel_references_are_added()
    {
        Assert.Equal(0, KernelReferences.AddToCurrentKernel(AppContext.BaseDirectory));
        var names = KernelReferences.Paths(AppContext.BaseDirectory).Select(Path.GetFileName).ToArray();
        Assert.Contains("Workbench.Kernel.dll", names);
        Assert.Contains("Workbench.Charts.dll", names);
        Assert.Contains("Microsoft.Data.Analysis.dll", names);
        Assert.DoesNotContain("Workbench.Lab.dll", names);
        Assert.DoesNotContain("Workbench.Charts.Plotly.dll", names);   // plotly/ belongs to PlotlyLoadContext
    }

    [Fact]
    public void charts_carry_the_plotly_mime_bundle_with_data_and_layout_beside_their_html()
    {
        Notebook.Setup();
        var chart = C.Line(new[] { 1, 2 }, new[] { 3, 4 }, name: "refs", title: "t");
        Assert.Equal(new[] { "text/html", "text/plain", WorkbenchChart.PlotlyMimeType }, Formatter.GetPreferredMimeTypesFor(typeof(WorkbenchChart)));
        var bundle = System.Text.Json.JsonDocument.Parse(chart.ToDisplayString(WorkbenchChart.PlotlyMimeType)).RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.Array, bundle.GetProperty("data").ValueKind);
        Assert.Equal("scatter", bundle.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, bundle.GetProperty("layout").ValueKind);
    }
}
