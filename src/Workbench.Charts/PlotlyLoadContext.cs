// The isolated AssemblyLoadContext that runs Plotly.NET 6 next to whatever FSharp.Core the host has.
// Why: the dotnet-interactive kernel (and dotnet-repl) load FSharp.Core 10.0 into the default
// context, while Plotly.NET 6 needs FSharp.Core 10.1 (shared/notebooks.md §0.3 and §13).
using System.Reflection;
using System.Runtime.Loader;
using Workbench.Charts.Contract;

namespace Workbench.Charts;

/// <summary>
/// Loads the bridge and all its dependencies from the private <c>plotly/</c> folder, folder first:
/// an assembly found there is always taken from there, even if the default context has another
/// version. The one exception is the contract assembly (Workbench.Charts itself), which is handed
/// the host's instance so <see cref="IFigureRenderer"/> is the same type on both sides.
/// Anything not in the folder (the BCL) falls back to the default context.
/// Not collectible: it lives for the process. Thread-safe (the runtime serialises Load).
/// </summary>
internal sealed class PlotlyLoadContext : AssemblyLoadContext
{
    /// <summary>The context's name, visible in <c>AssemblyLoadContext.GetLoadContext(asm).Name</c>.</summary>
    public const string ContextName = "Workbench.Charts.Plotly";

    readonly Assembly _contract;

    public PlotlyLoadContext(string folder) : base(ContextName, isCollectible: false)
    {
        Folder = folder;
        _contract = typeof(IFigureRenderer).Assembly;
    }

    /// <summary>Absolute path of the private folder.</summary>
    public string Folder { get; }

    protected override Assembly? Load(AssemblyName name)
    {
        if (string.Equals(name.Name, _contract.GetName().Name, StringComparison.Ordinal))
            return _contract;
        var path = Path.Combine(Folder, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
