// One metadata resolver per working directory for every C# kernel of the process. The pinned CSharpKernel
// (1.0.0-beta.26120.1) gives each kernel, at its first submission, a resolver of its own
// (CachingMetadataResolver.Default.WithBaseDirectory(cwd)) whose caches start empty. Each new kernel therefore
// re-reads every framework assembly a compilation pulls in (ResolveMissingAssembly: the whole file, into fresh memory),
// and Roslyn, given new metadata objects, decodes their symbols again. With one notebook per kernel that was a third of
// the notebook worker's page faults. Sharing the resolver shares only immutable metadata: resolution gives the same
// files, compilation the same code, and nothing a notebook loads or sets is shared.
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.CSharp;

namespace Workbench.Notebooks.Engine;

/// <summary>Hands every <see cref="CSharpKernel"/> of the process the same resolver for the same directory.</summary>
static class SharedMetadataResolver
{
    const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    // What the kernel's RunAsync reads and, when the directory changed, replaces (UpdateScriptOptionsIfWorkingDirectoryChanged).
    // Null when the kernel is not the pinned one: then every kernel keeps its own resolver, as upstream does (slower,
    // never wrong); SharedMetadataResolverTests fails so that the change is seen.
    static readonly FieldInfo? OptionsField = typeof(CSharpKernel).GetField("_scriptOptions", Private);
    static readonly FieldInfo? DirectoryField = typeof(CSharpKernel).GetField("_workingDirectory", Private);
    static readonly MetadataReferenceResolver? Default =
        typeof(CSharpKernel).Assembly.GetType("Microsoft.DotNet.Interactive.CSharp.CachingMetadataResolver")
            ?.GetProperty("Default", BindingFlags.Static | BindingFlags.Public)?.GetValue(null) as MetadataReferenceResolver;
    static readonly MethodInfo? WithBaseDirectory = Default?.GetType().GetMethod("WithBaseDirectory", [typeof(string)]);

    static readonly ConcurrentDictionary<string, MetadataReferenceResolver> ByDirectory = new(StringComparer.Ordinal);

    /// <summary>
    /// Before a submission: gives <paramref name="kernel"/> the shared resolver for the current directory, exactly as its
    /// own RunAsync would set a new one (metadata and source resolvers on that base directory), so that RunAsync sees
    /// no change of directory and keeps it.
    /// </summary>
    public static void Apply(CSharpKernel kernel)
    {
        if (OptionsField is null || DirectoryField is null || Default is null || WithBaseDirectory is null) return;
        var directory = Directory.GetCurrentDirectory();
        if (directory.Equals(DirectoryField.GetValue(kernel) as string, StringComparison.Ordinal)) return;
        var resolver = ByDirectory.GetOrAdd(directory, d => (MetadataReferenceResolver)WithBaseDirectory.Invoke(Default, [d])!);
        var options = (ScriptOptions)OptionsField.GetValue(kernel)!;
        OptionsField.SetValue(kernel, options
            .WithMetadataResolver(resolver)
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, directory)));
        DirectoryField.SetValue(kernel, directory);
    }
}
