// Workbench.Lab: the module initializer's resolver that probes Lab's own folder.
using System.Reflection;
using System.Runtime.Loader;

namespace Workbench.Lab.Tests.Lab;

public sealed class LabAssemblyResolverTests
{
    [Fact]
    public void an_assembly_in_labs_folder_is_loaded_from_there_into_the_asking_context()
    {
        var context = new AssemblyLoadContext("probe", isCollectible: true);
        try
        {
            var asm = LabAssemblyResolver.Resolve(context, new AssemblyName("Apache.Arrow"));
            Assert.NotNull(asm);
            Assert.Same(context, AssemblyLoadContext.GetLoadContext(asm));
            Assert.Equal(Path.Combine(LabAssemblyResolver.Folder, "Apache.Arrow.dll"), asm.Location);
        }
        finally { context.Unload(); }
    }

    [Fact]
    public void names_not_in_the_folder_and_the_private_plotly_folder_are_left_to_others()
    {
        var context = new AssemblyLoadContext("probe-miss", isCollectible: true);
        try
        {
            Assert.Null(LabAssemblyResolver.Resolve(context, new AssemblyName("No.Such.Assembly")));
            Assert.Null(LabAssemblyResolver.Resolve(context, new AssemblyName("Plotly.NET")));
        }
        finally { context.Unload(); }
    }
}
