// Makes Lab's dependencies visible to the notebook's C# compiler, not only to the runtime:
// `#r "Workbench.Lab.dll"` gives Roslyn that one file, so `using Workbench.Kernel.Kern;` in a later
// cell would fail with CS0234 unless the kernel is handed the other assemblies too.
using System.Reflection;

namespace Workbench.Lab;

/// <summary>
/// Adds every <c>Workbench.*.dll</c> in Lab's folder (other than Lab itself, which the cell's <c>#r</c>
/// already referenced) and the packages in <see cref="PackageNames"/> to the C# kernel running the current
/// cell, through <c>KernelInvocationContext.Current.HandlingKernel.AddAssemblyReferences</c> (found by
/// reflection: Lab does not reference the kernel packages, whose version the host fixes). Outside a
/// .NET Interactive cell (unit tests, plain Roslyn scripting) it does nothing.
/// Caller: Notebook.Setup (under its lock).
/// </summary>
internal static class KernelReferences
{
    /// <summary>Package assemblies a notebook may name directly (besides our own Workbench.*).</summary>
    internal static readonly string[] PackageNames = ["Microsoft.Data.Analysis", "Apache.Arrow", "Microsoft.ML.DataView"];

    /// <summary>Full paths handed to the kernel, in ordinal order: Workbench.* (not Lab) then <see cref="PackageNames"/>.</summary>
    internal static string[] Paths(string folder)
    {
        var own = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "Workbench.*.dll")
                .Where(p => Path.GetFileName(p) != "Workbench.Lab.dll")
                .OrderBy(p => p, StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        var packages = PackageNames.Select(n => Path.Combine(folder, n + ".dll")).Where(File.Exists);
        return own.Concat(packages).ToArray();
    }

    /// <summary>Number of assemblies handed to the kernel (0 outside a .NET Interactive cell).</summary>
    internal static int AddToCurrentKernel(string folder)
    {
        var contextType = Type.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext, Microsoft.DotNet.Interactive");
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        var kernel = context?.GetType().GetProperty("HandlingKernel")?.GetValue(context);
        var add = kernel?.GetType().GetMethod("AddAssemblyReferences", [typeof(IEnumerable<string>)]);
        if (kernel is null || add is null) return 0;
        var paths = Paths(folder);
        add.Invoke(kernel, [paths]);
        return paths.Length;
    }
}
