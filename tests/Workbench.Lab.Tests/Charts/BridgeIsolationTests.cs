// Workbench.Charts: Plotly.NET 6 runs in PlotlyLoadContext with FSharp.Core 10.1 while this test host,
// like the dotnet-interactive kernel, has FSharp.Core 10.0 in the default context (see the csproj).
using System.Reflection;
using System.Runtime.Loader;
using Workbench.Charts;
using C = Workbench.Charts.Charts;

namespace Workbench.Lab.Tests.Charts;

[Collection(GlobalStateCollection.Name)]
public sealed class BridgeIsolationTests
{
    [Fact]
    public void the_host_default_context_has_FSharp_Core_10_0()
    {
        var fsharp = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FSharp.Core"));
        Assert.Equal(new Version(10, 0, 0, 0), fsharp.GetName().Version);
    }

    [Fact]
    public void the_bridge_runs_in_its_own_context_with_FSharp_Core_10_1()
    {
        var json = C.Line(new[] { 1, 2 }, new[] { 3, 4 }).FigureJson;   // forces the bridge to load and run
        Assert.StartsWith("{\"data\":[", json);

        var context = PlotlyBridge.Context;
        Assert.Equal("Workbench.Charts.Plotly", context.Name);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(PlotlyBridge.Renderer.GetType().Assembly));

        var inside = context.Assemblies.ToDictionary(a => a.GetName().Name!, a => a);
        Assert.Equal(new Version(10, 1, 0, 0), inside["FSharp.Core"].GetName().Version);
        Assert.Equal(new Version(6, 0, 0, 0), inside["Plotly.NET"].GetName().Version);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "plotly"), inside["FSharp.Core"].Location);
    }

    [Fact]
    public void only_the_contract_assembly_is_shared_with_the_host()
    {
        _ = C.Line(new[] { 1 }, new[] { 1 }).FigureJson;
        var context = PlotlyBridge.Context;
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Workbench.Charts");
        Assert.Same(typeof(WorkbenchChart).Assembly, context.LoadFromAssemblyName(new AssemblyName("Workbench.Charts")));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Plotly.NET");
    }

    [Fact]
    public void describe_names_the_versions_and_the_context()
    {
        var text = C.DescribeBridge();
        Assert.Contains("Plotly.NET 6.0.0", text);
        Assert.Contains("Plotly.NET.CSharp 0.14.0", text);
        Assert.Contains("FSharp.Core 10.1.", text);
        Assert.Contains("'Workbench.Charts.Plotly'", text);
    }

    [Fact]
    public void plotly_js_comes_from_the_resource_inside_the_isolated_plotly_assembly()
    {
        var js = C.PlotlyJavaScript;
        Assert.Contains("plotly.js v2.28.0", js);
        Assert.True(js.Length > 3_000_000, $"plotly.js is {js.Length} chars instead of about 3.6 MB");
    }
}
