// plotly.js for offline pages, taken from the embedded resource "Plotly.NET.plotly-2.28.0.min.js" of Plotly.NET.dll
// 6.0.0. The DLL is read as data with System.Reflection.Metadata, never loaded: Plotly.NET needs FSharp.Core 10.1
// and would otherwise land in whichever load context asked first.
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Workbench.Notebooks.Html;

/// <summary>Finds and reads plotly.js. Thread-safe; the script is read once per process.</summary>
public static class PlotlyScript
{
    public const string ResourceName = "Plotly.NET.plotly-2.28.0.min.js";
    public const string Version = "2.28.0";

    /// <summary>Comment before a script that carries plotly.js (Workbench.Charts writes the same): no other copy is needed.</summary>
    public const string CarriesMarker = "<!-- workbench:plotly-js -->";

    /// <summary>
    /// plotly.js as a script block for a chart output: it runs only when <c>window.Plotly</c> is undefined, and
    /// shadows <c>define</c>/<c>module</c>/<c>exports</c> so that a page's AMD loader (classic Jupyter has requirejs)
    /// cannot take plotly's UMD header away from <c>window.Plotly</c>. Every <c>://</c> is written <c>:\/\/</c>
    /// (same string value), so the notebook holds no literal URL.
    /// </summary>
    public static string InlineBlock(string plotlyJs)
    {
        if (_block is { } last && ReferenceEquals(last.Source, plotlyJs)) return last.Escaped;
        var block = CarriesMarker + "\n<script type=\"text/javascript\">\nif (typeof window.Plotly === 'undefined') {\n" +
            "(function () { var define, module, exports;\n" + Escape(plotlyJs) + "\n}).call(window);\n}\n</script>\n";
        _block = new EscapedCopy(plotlyJs, block);
        return block;
    }

    /// <summary>
    /// Where <paramref name="html"/> holds the block that <see cref="InlineBlock"/> makes of the last plotly.js this
    /// process inlined, character for character (start and length), else null. Only that exact text is known to be
    /// our own script; a look-alike from a kernel is not.
    /// </summary>
    public static (int Start, int Length)? FindOwnBlock(string html)
    {
        if (_block is not { } own) return null;
        var at = html.IndexOf(CarriesMarker, StringComparison.Ordinal);
        var block = own.Escaped;
        return at >= 0 && html.Length - at >= block.Length && string.CompareOrdinal(html, at, block, 0, block.Length) == 0
            ? (at, block.Length)
            : null;
    }

    /// <summary>Safe inside a script element and free of literal URLs (see Workbench.Charts' PlotlyBridge.EscapeForInlining).
    /// The last result is kept: every executed notebook and static-image page escapes the same 3.6 MB plotly.js.</summary>
    public static string Escape(string js)
    {
        if (_escaped is { } last && ReferenceEquals(last.Source, js)) return last.Escaped;
        var escaped = js.Replace("://", @":\/\/", StringComparison.Ordinal)
            .Replace("</script", @"<\/script", StringComparison.OrdinalIgnoreCase)
            .Replace("<!--", @"<\!--", StringComparison.Ordinal);
        _escaped = new EscapedCopy(js, escaped);
        return escaped;
    }

    sealed record EscapedCopy(string Source, string Escaped);

    static volatile EscapedCopy? _escaped, _block;

    static readonly Lazy<string> Script = new(() => Read(FindAssembly()));

    /// <summary>plotly.min.js; throws <see cref="FileNotFoundException"/> naming the places searched when there is no copy.</summary>
    public static string Load() => Script.Value;

    /// <summary>
    /// Where Plotly.NET.dll is: the copy the build puts next to this assembly (plotly/Plotly.NET.dll.bin), else the
    /// NuGet global packages folder ($NUGET_PACKAGES or ~/.nuget/packages)/plotly.net/6.0.0.
    /// </summary>
    public static string FindAssembly()
    {
        var here = Path.GetDirectoryName(typeof(PlotlyScript).Assembly.Location) ?? AppContext.BaseDirectory;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string[] candidates =
        [
            Path.Combine(here, "plotly", "Plotly.NET.dll.bin"),
            Path.Combine(AppContext.BaseDirectory, "plotly", "Plotly.NET.dll.bin"),
            Path.Combine(packages, "plotly.net", "6.0.0", "lib", "netstandard2.0", "Plotly.NET.dll"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"plotly.js: Plotly.NET.dll not found; looked in {string.Join(", ", candidates)}");
    }

    /// <summary>Reads <see cref="ResourceName"/> from the managed resources of the assembly file at <paramref name="path"/>.</summary>
    public static string Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.ManifestResources)
        {
            var resource = md.GetManifestResource(handle);
            if (md.GetString(resource.Name) != ResourceName || !resource.Implementation.IsNil) continue;
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var section = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = section.GetReader((int)resource.Offset, section.Length - (int)resource.Offset);
            var length = reader.ReadInt32();
            return Encoding.UTF8.GetString(reader.ReadBytes(length));
        }
        throw new InvalidDataException($"plotly.js: {path} has no resource {ResourceName}");
    }
}
