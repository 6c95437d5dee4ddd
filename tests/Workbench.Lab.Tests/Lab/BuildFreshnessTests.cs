// Workbench.Lab: the staleness warning of Notebook.Setup.
namespace Workbench.Lab.Tests.Lab;

public sealed class BuildFreshnessTests : IDisposable
{
    //  ROOT/Workbench.sln
    //  ROOT/src/Workbench.Kernel/Vm/VmMap.cs         ROOT/artifacts/lab/Workbench.Kernel.dll
    //  ROOT/src/Workbench.Kernel/obj/Gen.cs (ignored) ROOT/artifacts/lab/plotly/Workbench.Charts.Plotly.dll
    //  ROOT/src/Workbench.Charts.Plotly/Bridge.cs
    //  ROOT/src/Workbench.Cli/Program.cs (no dll in lab: ignored)
    readonly string _root = Directory.CreateTempSubdirectory("wb-fresh-").FullName;
    readonly DateTime _built = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    string Lab => Path.Combine(_root, "artifacts", "lab");

    public BuildFreshnessTests()
    {
        Touch("Workbench.sln", _built);
        Touch("artifacts/lab/Workbench.Kernel.dll", _built);
        Touch("artifacts/lab/plotly/Workbench.Charts.Plotly.dll", _built);
        Touch("src/Workbench.Kernel/Vm/VmMap.cs", _built.AddMinutes(-5));
        Touch("src/Workbench.Charts.Plotly/Bridge.cs", _built.AddMinutes(-5));
        Touch("src/Workbench.Cli/Program.cs", _built.AddHours(1));
        Touch("src/Workbench.Kernel/obj/Gen.cs", _built.AddHours(1));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    void Touch(string relative, DateTime time)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, time);
    }

    [Fact]
    public void a_build_newer_than_every_source_gives_no_warning() =>
        Assert.Null(BuildFreshness.StaleWarning(Lab));

    [Fact]
    public void a_source_newer_than_its_assembly_names_the_file_and_the_build_command()
    {
        Touch("src/Workbench.Kernel/Vm/VmMap.cs", _built.AddMinutes(1));
        Assert.Equal("warning: artifacts/lab is older than src/Workbench.Kernel/Vm/VmMap.cs; run `dotnet build src/Workbench.Lab` and restart the kernel.",
            BuildFreshness.StaleWarning(Lab));
    }

    [Fact]
    public void the_bridge_is_compared_with_its_copy_in_plotly()
    {
        Touch("src/Workbench.Charts.Plotly/Bridge.cs", _built.AddMinutes(1));
        Assert.Contains("src/Workbench.Charts.Plotly/Bridge.cs", BuildFreshness.StaleWarning(Lab));
    }

    [Fact]
    public void without_a_source_tree_next_to_artifacts_there_is_nothing_to_compare()
    {
        Touch("src/Workbench.Kernel/Vm/VmMap.cs", _built.AddMinutes(1));
        File.Delete(Path.Combine(_root, "Workbench.sln"));
        Assert.Null(BuildFreshness.StaleWarning(Lab));
    }
}
