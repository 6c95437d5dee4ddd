// Lets a host that loaded Workbench.Lab.dll by path (#r "../artifacts/lab/Workbench.Lab.dll") find
// Lab's own dependencies (Workbench.Kernel, Microsoft.Data.Analysis, Apache.Arrow, ...) in Lab's folder.
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Workbench.Lab;

/// <summary>
/// Registered by a module initializer, i.e. before any Lab code runs: when the default context (or the
/// context Lab itself was loaded into) cannot resolve an assembly, probe Lab's folder for
/// <c>NAME.dll</c>. Only fills gaps: anything the host already has (the kernel's
/// Microsoft.DotNet.Interactive.Formatting, its FSharp.Core) is resolved by the host first.
/// The private <c>plotly/</c> subfolder is never probed here (PlotlyLoadContext owns it).
/// </summary>
internal static class LabAssemblyResolver
{
    static int s_registered;

    /// <summary>Lab's folder, e.g. artifacts/lab/.</summary>
    internal static string Folder { get; } = FolderOf(typeof(LabAssemblyResolver).Assembly);

    // CA2255: a library module initializer is the point here: it must run before the host resolves
    // any of Lab's dependencies, and a notebook has no application startup to hook instead.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
        var own = AssemblyLoadContext.GetLoadContext(typeof(LabAssemblyResolver).Assembly);
        if (own is not null && own != AssemblyLoadContext.Default) own.Resolving += Resolve;
    }

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || Folder.Length == 0) return null;
        var path = Path.Combine(Folder, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }

    static string FolderOf(Assembly assembly)
    {
        var location = assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }
}
