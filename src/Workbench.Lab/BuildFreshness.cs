// Notebook.Setup's staleness check: a live kernel keeps the assemblies it loaded, so a notebook run
// against an old artifacts/lab/ build silently tests old code (shared/notebooks.md §4, pitfall 7).
namespace Workbench.Lab;

/// <summary>
/// Compares each <c>src/PROJECT/**/*.cs</c> (bin/ and obj/ skipped) with the copy of PROJECT.dll
/// next to Workbench.Lab.dll (or in plotly/). Only runs when the source tree sits next to
/// artifacts/ (<c>ROOT/src</c> and <c>ROOT/Workbench.sln</c> with Lab in <c>ROOT/artifacts/lab</c>).
/// Reads file times only. No requirements (stateless).
/// </summary>
internal static class BuildFreshness
{
    /// <summary>The command that rebuilds artifacts/lab/.</summary>
    internal const string BuildCommand = "dotnet build src/Workbench.Lab";

    /// <summary>A warning line naming the newest source file that is newer than its built assembly, or null.</summary>
    internal static string? StaleWarning(string labFolder)
    {
        var root = Path.GetFullPath(Path.Combine(labFolder, "..", ".."));
        var src = Path.Combine(root, "src");
        if (!Directory.Exists(src) || !File.Exists(Path.Combine(root, "Workbench.sln"))) return null;
        string? staleSource = null;
        var staleTime = DateTime.MinValue;
        foreach (var project in Directory.EnumerateDirectories(src).OrderBy(p => p, StringComparer.Ordinal))
        {
            var dll = BuiltAssembly(labFolder, Path.GetFileName(project));
            if (dll is null) continue;
            var built = File.GetLastWriteTimeUtc(dll);
            foreach (var cs in Sources(project))
            {
                var t = File.GetLastWriteTimeUtc(cs);
                if (t > built && t > staleTime) (staleSource, staleTime) = (cs, t);
            }
        }
        if (staleSource is null) return null;
        var rel = Path.GetRelativePath(root, staleSource).Replace('\\', '/');
        return $"warning: artifacts/lab is older than {rel}; run `{BuildCommand}` and restart the kernel.";
    }

    static string? BuiltAssembly(string labFolder, string project)
    {
        foreach (var candidate in new[] { Path.Combine(labFolder, project + ".dll"), Path.Combine(labFolder, "plotly", project + ".dll") })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, project, "bin") && !IsUnder(f, project, "obj"));

    static bool IsUnder(string file, string project, string folder) =>
        Path.GetRelativePath(project, file).Replace('\\', '/').StartsWith(folder + "/", StringComparison.Ordinal);
}
