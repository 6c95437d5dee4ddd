// Workbench.Charts: the HTML really draws a chart in a browser that cannot reach the network.
using System.Diagnostics;
using Workbench.Charts;
using Workbench.Tests.Shared;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Charts;

[Collection(GlobalStateCollection.Name)]
public sealed class BrowserRenderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("wb-render-").FullName;
    readonly PlotlyInlining _saved = C.Inlining;

    public void Dispose()
    {
        C.Inlining = _saved;
        Directory.Delete(_dir, recursive: true);
    }

    static WorkbenchChart Sample() =>
        C.StepLine(new[] { 0, 1, 2, 3 }, new[] { 1, 3, 2, 4 }, name: "refs", title: "vmspace refs", xTitle: "time (ticks)", yTitle: "refs (count)", seed: 11);

    /// <summary>The DOM after scripts ran; every host name resolves to nothing, so only inline code can work.</summary>
    string DumpDom(string html)
    {
        ExternalTools.Require(ExternalTool.Chromium);
        var page = Path.Combine(_dir, "page.html");
        File.WriteAllText(page, html);
        var psi = new ProcessStartInfo(ExternalTools.Chromium)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + Path.Combine(_dir, "profile"),
                     "--virtual-time-budget=10000", "--dump-dom", new Uri(page).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 60 s");
        }
        return dom.Result;
    }

    static void AssertDrawn(string dom)
    {
        Assert.Contains("class=\"main-svg\"", dom);
        Assert.Contains(">vmspace refs (seed 11)</text>", dom);
        Assert.Contains(">time (ticks)</text>", dom);
    }

    [ToolFact(ExternalTool.Chromium)]
    public void the_standalone_page_draws_the_chart_offline() => AssertDrawn(DumpDom(Sample().ToStandaloneHtml()));

    [ToolFact(ExternalTool.Chromium)]
    public void the_first_fragment_draws_on_its_own_even_with_an_amd_loader_on_the_page()
    {
        C.Inlining = PlotlyInlining.FirstChartInProcess;
        C.ResetFirstInlining();
        var (a, b) = (Sample(), Sample());
        var (first, second) = (a.Html, b.Html);
        // Classic Jupyter pages carry requirejs; plotly must still end up in window.Plotly.
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n"
            + "<script>window.define = function () {}; window.define.amd = {};</script>\n"
            + first + second + "</body></html>\n";
        var dom = DumpDom(page);
        AssertDrawn(dom);
        foreach (var id in new[] { a.Id, b.Id })   // plotly marks each div it drew into
            Assert.Contains($"id=\"{id}\" class=\"workbench-chart js-plotly-plot\"", dom);
    }

    [ToolFact(ExternalTool.Chromium)]
    public void a_fragment_without_plotly_on_the_page_says_so_instead_of_failing_silently()
    {
        C.Inlining = PlotlyInlining.Never;
        var dom = DumpDom("<!DOCTYPE html><html><body>\n" + Sample().Html + "</body></html>\n");
        Assert.Contains("\">plotly.js is not loaded on this page</div>", dom);
    }
}
