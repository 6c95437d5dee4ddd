// The kernels of one worker share a metadata resolver per working directory (SharedMetadataResolver), so a new
// notebook's kernel does not re-read the framework's assemblies. Run in-process, in the notebooks collection: the
// engines set the process's working directory.
using System.Reflection;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.CSharp;
using Workbench.Notebooks.Engine;
using Workbench.Notebooks.Tests.Support;

namespace Workbench.Notebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class SharedMetadataResolverTests
{
    [Fact]
    public async Task kernels_started_in_one_folder_share_one_resolver_and_another_folder_gets_its_own()
    {
        var previous = Directory.GetCurrentDirectory();
        var one = Paths.NewTempDir();
        var other = Paths.NewTempDir();
        File.WriteAllText(Path.Combine(one, "where.txt"), "one");
        File.WriteAllText(Path.Combine(other, "where.txt"), "other");
        try
        {
            var first = await Resolver(one);
            var second = await Resolver(one);
            var third = await Resolver(other);
            Assert.Same(first.Resolver, second.Resolver);
            Assert.NotSame(first.Resolver, third.Resolver);
            // Each kernel still reads files relative to its own folder.
            Assert.Equal(["one", "one", "other"], new[] { first.Read, second.Read, third.Read });
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    /// <summary>Runs a cell in a fresh kernel started in <paramref name="dir"/>; its resolver and what it read.</summary>
    static async Task<(object Resolver, string Read)> Resolver(string dir)
    {
        using var engine = new InteractiveEngine();
        engine.Start(dir);
        var cell = await engine.RunCellAsync("File.ReadAllText(\"where.txt\")", "csharp", 10_000);
        Assert.False(cell.Failed, cell.ErrorMessage);
        var options = (ScriptOptions)typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.Instance | BindingFlags.NonPublic)!
            .GetValue(engine.CSharpKernel)!;
        var read = cell.Outputs.Single().Data!["text/plain"];
        return (options.MetadataResolver, read);
    }
}
