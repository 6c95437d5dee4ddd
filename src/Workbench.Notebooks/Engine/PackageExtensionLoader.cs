// Our copy of the extension loader that lives only in the dotnet-interactive app (KernelExtensionLoader +
// PackageDirectoryExtensionLoader, src/dotnet-interactive @df4e5cbc): after a command adds NuGet packages, every
// interactive-extensions/dotnet/*.dll in them is loaded and its IKernelExtension types run, so the Plotly.NET
// and Microsoft.Data.Analysis formatters register. Simplified: no script extensions (extension.dib), no
// signature or version checks.
using System.Collections.Concurrent;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Workbench.Notebooks.Engine;

static class PackageExtensionLoader
{
    /// <summary>Installs the loader on <paramref name="kernel"/>. No requirements.</summary>
    public static void Use(CompositeKernel kernel)
    {
        var pending = new ConcurrentQueue<PackageAdded>();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        kernel.KernelEvents.Subscribe(e =>
        {
            if (e is PackageAdded { PackageReference.PackageRoot: not null } added) pending.Enqueue(added);
        });
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (pending.TryDequeue(out var added))
            {
                var dir = new DirectoryInfo(Path.Combine(added.PackageReference.PackageRoot, "interactive-extensions", "dotnet"));
                if (!dir.Exists) continue;
                foreach (var dll in dir.GetFiles("*.dll").OrderBy(f => f.Name, StringComparer.Ordinal))
                {
                    if (!loaded.Add(dll.FullName)) continue;
                    var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll.FullName);
                    var types = assembly.ExportedTypes
                        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IKernelExtension).IsAssignableFrom(t))
                        .OrderBy(t => t.FullName, StringComparer.Ordinal);
                    foreach (var type in types)
                    {
                        var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                        await extension.OnLoadAsync(kernel);
                        context.Publish(new KernelExtensionLoaded(extension, context.Command));
                    }
                }
            }
        });
    }
}
