// Finds the private plotly/ folder, creates PlotlyLoadContext once per process and instantiates the
// bridge's IFigureRenderer in it by reflection. Also holds plotly.js, escaped for inlining.
using System.Reflection;
using Workbench.Charts.Contract;

namespace Workbench.Charts;

/// <summary>
/// Process-wide access to the isolated Plotly bridge. Lazy and thread-safe (<see cref="Lazy{T}"/>).
/// </summary>
internal static class PlotlyBridge
{
    /// <summary>Folder, next to Workbench.Charts.dll, that holds the bridge and its dependencies.</summary>
    public const string FolderName = "plotly";
    public const string BridgeAssembly = "Workbench.Charts.Plotly";
    public const string RendererType = "Workbench.Charts.Plotly.PlotlyFigureRenderer";

    static readonly Lazy<(PlotlyLoadContext Context, IFigureRenderer Renderer)> s_bridge = new(Create);
    static readonly Lazy<string> s_plotlyJs = new(() => EscapeForInlining(Renderer.ReadPlotlyJavaScript()));

    public static IFigureRenderer Renderer => s_bridge.Value.Renderer;
    public static PlotlyLoadContext Context => s_bridge.Value.Context;

    /// <summary>plotly.js with every <c>://</c> written <c>:\/\/</c> (see <see cref="EscapeForInlining"/>).</summary>
    public static string PlotlyJavaScript => s_plotlyJs.Value;

    /// <summary>The private folder: <c>plotly/</c> next to this assembly.</summary>
    public static string Folder
    {
        get
        {
            var location = typeof(PlotlyBridge).Assembly.Location;
            var dir = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
            return Path.Combine(dir, FolderName);
        }
    }

    static (PlotlyLoadContext, IFigureRenderer) Create()
    {
        var folder = Folder;
        var bridgePath = Path.Combine(folder, BridgeAssembly + ".dll");
        if (!File.Exists(bridgePath))
            throw new FileNotFoundException(
                $"Workbench charts: {bridgePath} is missing; the private plotly/ folder is made by 'dotnet build src/Workbench.Lab'.",
                bridgePath);
        var context = new PlotlyLoadContext(folder);
        var assembly = context.LoadFromAssemblyPath(bridgePath);
        var type = assembly.GetType(RendererType, throwOnError: true)!;
        var renderer = (IFigureRenderer)Activator.CreateInstance(type)!;
        return (context, renderer);
    }

    /// <summary>
    /// Makes plotly.js safe to inline and free of literal URLs. In minified plotly.js a <c>://</c>
    /// only occurs inside string, template or regular-expression literals and comments, where
    /// <c>\/</c> means <c>/</c>, so <c>:\/\/</c> evaluates to the same text; afterwards a scan for
    /// <c>http://</c>/<c>https://</c> finds only real references, of which a page must have none.
    /// <c>&lt;/script</c> and <c>&lt;!--</c> would end or confuse the surrounding script element and
    /// are escaped the same way (<c>&lt;\/script</c>, <c>&lt;\!--</c>).
    /// </summary>
    internal static string EscapeForInlining(string js) =>
        js.Replace("://", @":\/\/", StringComparison.Ordinal)
          .Replace("</script", @"<\/script", StringComparison.OrdinalIgnoreCase)
          .Replace("<!--", @"<\!--", StringComparison.Ordinal);

    /// <summary>One line: which bridge runs where, e.g. for Notebook.Setup's banner.</summary>
    public static string Describe()
    {
        var c = Context;
        return $"{Renderer.Describe()} in load context '{c.Name}' from {FolderName}/";
    }
}
