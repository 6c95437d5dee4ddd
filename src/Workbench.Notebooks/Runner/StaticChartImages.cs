// --static-images: every chart of an executed notebook also as image/svg+xml, drawn by Plotly.toImage in headless
// chromium on a page that can reach no host. GitHub runs no scripts, so this is what it shows.
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Html;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Renders chart outputs (<see cref="ChartOutputs.PlotlyMimeType"/>) to SVG with one chromium process per notebook.
/// Deterministic: the random id plotly gives each drawing is replaced by the chart's position before the SVG is kept.
/// Thread-safe (each call uses its own temporary folder).
/// </summary>
public static partial class StaticChartImages
{
    /// <summary>Overrides the browser: a path to a chromium executable.</summary>
    public const string ChromiumVariable = "WORKBENCH_CHROMIUM";

    /// <summary>Width of the SVG when the figure asks for none (responsive figures).</summary>
    public const int DefaultWidth = 800;

    [GeneratedRegex("<pre id=\"wb-svgs\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Result();

    /// <summary>The browser to use, or null when none is installed.</summary>
    public static string? FindChromium()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable(ChromiumVariable), "/usr/bin/chromium", "/usr/bin/chromium-browser"];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    /// <summary>Adds image/svg+xml to every chart output of <paramref name="doc"/>; returns why not, or null when done.</summary>
    public static string? Add(NotebookDocument doc)
    {
        var charts = ChartOutputs.Charts(doc).Where(o => o.Data!.ContainsKey(ChartOutputs.PlotlyMimeType)).ToList();
        if (charts.Count == 0) return null;
        var chromium = FindChromium();
        if (chromium is null) return "no chromium found (/usr/bin/chromium); run: bash tests/Workbench.Lab.Tests/install-jupyter.sh";
        string plotly;
        try { plotly = PlotlyScript.Load(); }
        catch (Exception e) when (e is IOException or InvalidDataException) { return e.Message; }
        var svgs = Render(chromium, plotly, charts.Select(c => c.Data![ChartOutputs.PlotlyMimeType]).ToList(), out var problem);
        if (svgs is null) return problem;
        for (int i = 0; i < charts.Count; i++) charts[i].Data!["image/svg+xml"] = svgs[i];
        return null;
    }

    /// <summary>SVG text per figure, in order; null with <paramref name="problem"/> set when chromium failed.</summary>
    public static IReadOnlyList<string>? Render(string chromium, string plotlyJs, IReadOnlyList<string> figures, out string? problem)
    {
        var dir = Directory.CreateTempSubdirectory("wb-svg-").FullName;
        try
        {
            var page = Path.Combine(dir, "charts.html");
            File.WriteAllText(page, Page(plotlyJs, figures), new UTF8Encoding(false));
            var dom = DumpDom(chromium, dir, page, out problem);
            if (dom is null) return null;
            var m = Result().Match(dom);
            if (!m.Success) { problem = "chromium did not finish drawing the charts"; return null; }
            var json = JsonSerializer.Deserialize<string[]>(WebUtility.HtmlDecode(m.Groups[1].Value)) ?? [];
            if (json.Length != figures.Count || json.Any(s => !s.StartsWith("<svg", StringComparison.Ordinal)))
            {
                problem = "chromium returned " + (json.FirstOrDefault(s => !s.StartsWith("<svg", StringComparison.Ordinal)) ?? "too few images");
                return null;
            }
            return json;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a browser still closing: left in /tmp */ }
        }
    }

    static string Page(string plotlyJs, IReadOnlyList<string> figures)
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<script>\n");
        sb.Append(PlotlyScript.Escape(plotlyJs)).Append("\n</script></head><body>\n<script>\nvar figures = [\n");
        foreach (var f in figures) sb.Append(f.Replace("<", "\\u003c", StringComparison.Ordinal)).Append(",\n");
        sb.Append(FormattableString.Invariant($$"""
            ];
            (async function () {
              var out = [];
              for (var i = 0; i < figures.length; i++) {
                var div = document.createElement('div');
                document.body.appendChild(div);
                try {
                  var f = figures[i], layout = Object.assign({}, f.layout || {});
                  var w = layout.width || {{DefaultWidth}}, h = layout.height || 420;
                  layout.width = w; layout.height = h;
                  // Trace uids are random unless given: give each its position.
                  var data = (f.data || []).map(function (t, k) { return Object.assign({}, t, {uid: 'wb' + i + 't' + k}); });
                  var gd = await Plotly.newPlot(div, data, layout, {staticPlot: true});
                  var url = await Plotly.toImage(gd, {format: 'svg', width: w, height: h});
                  var svg = decodeURIComponent(url.substring(url.indexOf(',') + 1));
                  // toImage draws a clone with a random 6-hex id of its own (defs-XXXXXX, clipXXXXXX...): pin it.
                  var uid = (svg.match(/id="defs-([0-9a-f]+)"/) || [])[1];
                  out.push(uid ? svg.split(uid).join('wb' + i) : svg);
                  Plotly.purge(gd);
                } catch (e) { out.push('error: ' + e); }
                div.remove();
              }
              var pre = document.createElement('pre');
              pre.id = 'wb-svgs';
              pre.textContent = JSON.stringify(out);
              document.body.appendChild(pre);
            })();
            </script></body></html>

            """));
        return sb.ToString();
    }

    static string? DumpDom(string chromium, string dir, string page, out string? problem)
    {
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + Path.Combine(dir, "profile"),
                     "--virtual-time-budget=60000", "--dump-dom", new Uri(page).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            problem = "chromium did not finish within 120 s";
            return null;
        }
        problem = p.ExitCode == 0 ? null : $"chromium exited with code {p.ExitCode}";
        return p.ExitCode == 0 ? stdout.Result : null;
    }
}
