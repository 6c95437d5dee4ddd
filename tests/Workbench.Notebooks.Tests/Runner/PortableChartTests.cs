// Executed notebooks draw their charts wherever they are opened: in the classic Jupyter Notebook (Debian's
// jupyter-notebook) served locally and viewed in headless chromium that can reach no other host.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Workbench.Notebooks.Tests.Support;
using Workbench.Tests.Shared;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class PortableChartTests(Workers workers)
{
    [Fact]
    public async Task every_chart_output_of_an_executed_notebook_carries_a_valid_plotly_mime_bundle()
    {
        var run = await Cli.RunAsync(workers, "lab-charts.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, ChartBundles.AssertValid(run.Ipynb("lab-charts")));
    }

    [Fact]
    public async Task files_a_notebook_writes_go_under_the_run_output_folder_not_next_to_the_notebook()
    {
        var run = await Cli.RunAsync(workers, "lab-charts.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("1 4 9\n", File.ReadAllText(Path.Combine(run.OutputDir, "lab-charts_files", "numbers.txt")));
        Assert.False(File.Exists(Path.Combine(Paths.Fixtures, "numbers.txt")));
    }

    [ToolFact(ExternalTool.Chromium)]
    public async Task static_images_add_the_same_svg_of_every_chart_on_every_run()
    {
        ExternalTools.Require(ExternalTool.Chromium);
        var a = await Cli.RunAsync(workers, "lab-charts.ipynb", "--static-images");
        var b = await Cli.RunAsync(workers, "lab-charts.ipynb", "--static-images");
        Assert.True(a.ExitCode == 0 && !a.Stderr.Contains("--static-images:", StringComparison.Ordinal), a.ToString());
        var nb = a.Notebook("lab-charts");
        var svgs = nb["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!["data"]?["image/svg+xml"]).OfType<System.Text.Json.Nodes.JsonArray>().ToList();
        Assert.Equal(2, svgs.Count);
        Assert.All(svgs, s => Assert.StartsWith("<svg", (string?)s[0]));
        Assert.Contains("squares (seed 5)", string.Concat(svgs[0].Select(l => (string?)l)));
        Assert.Equal(File.ReadAllText(a.Ipynb("lab-charts")), File.ReadAllText(b.Ipynb("lab-charts")));
    }

    [ToolFact(ExternalTool.Chromium, ExternalTool.ClassicNotebook)]
    public async Task the_classic_jupyter_notebook_draws_every_chart_with_the_network_blocked()
    {
        ExternalTools.Require(ExternalTool.Chromium, ExternalTool.ClassicNotebook);
        var run = await Cli.RunAsync(workers, "lab-charts.ipynb");
        Assert.True(run.ExitCode == 0, run.ToString());
        var site = Paths.NewTempDir();
        var home = Path.Combine(site, "home");
        var served = Path.Combine(site, "nb");
        Directory.CreateDirectory(served);
        File.Copy(run.Ipynb("lab-charts"), Path.Combine(served, "lab-charts.ipynb"));
        // Jupyter runs HTML outputs' scripts only in a trusted notebook: sign it with this private home's key.
        Assert.Equal(0, Start("/usr/bin/python3", home, ["-m", "nbformat.sign", Path.Combine(served, "lab-charts.ipynb")], out _, TimeSpan.FromSeconds(60)));
        var port = FreePort();
        using var server = Launch(ExternalTools.ClassicNotebook, home, ["--allow-root", "--no-browser", "--ip=127.0.0.1", $"--port={port}",
            "--NotebookApp.token=", "--NotebookApp.password=", $"--notebook-dir={served}"]);
        try
        {
            await WaitForAsync($"http://127.0.0.1:{port}/tree", TimeSpan.FromSeconds(60));
            var code = Start(ExternalTools.Chromium, home, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--user-data-dir=" + Path.Combine(site, "profile"),
                "--virtual-time-budget=20000", "--dump-dom", $"http://127.0.0.1:{port}/notebooks/lab-charts.ipynb"], out var dom, TimeSpan.FromSeconds(120));
            Assert.Equal(0, code);
            foreach (var id in new[] { "wb-chart-1", "wb-chart-2" })
                Assert.True(dom.Contains($"id=\"{id}\" class=\"workbench-chart js-plotly-plot\"", StringComparison.Ordinal), $"{id} not drawn by plotly in the classic notebook");
            Assert.Contains(">squares (seed 5)</text>", dom);
            Assert.DoesNotContain("\">plotly.js is not loaded", dom);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    static async Task WaitForAsync(string url, TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > until) Assert.Fail($"jupyter notebook did not answer {url} within {limit}");
            await Task.Delay(500);
        }
    }

    static Process Launch(string file, string home, string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = home;
        psi.Environment["JUPYTER_PATH"] = Path.Combine(home, "none");   // no kernel needed to view outputs
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        return p;
    }

    static int Start(string file, string home, string[] args, out string stdout, TimeSpan limit)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = home;
        using var q = Process.Start(psi)!;
        var output = q.StandardOutput.ReadToEndAsync();
        _ = q.StandardError.ReadToEndAsync();
        if (!q.WaitForExit(limit))
        {
            q.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {limit}");
        }
        stdout = output.Result;
        return q.ExitCode;
    }
}
