// Every kernel test ends with the census check, as xv6's usertests check the free-page count after each test: the
// machines a test's kit builds are tracked, and after the test every process exits and the census must be empty.
using System.Reflection;
using Workbench.Kernel;
using Workbench.Scenarios;
using Xunit.Sdk;

[assembly: Workbench.Kernel.Tests.CensusCheck]

namespace Workbench.Kernel.Tests;

/// <summary>Applied to the whole test assembly: before each test, starts tracking machines; after it, exits every
/// process of each tracked machine and fails the test if anything is left (a leaked vmspace, ref or LWP).</summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class CensusCheckAttribute : BeforeAfterTestAttribute
{
    static readonly AsyncLocal<List<Machine>?> Tracked = new();

    /// <summary>Registers a machine of the running test (the kits call this for every machine they build).</summary>
    public static Machine Track(Machine m)
    {
        Tracked.Value?.Add(m);
        return m;
    }

    /// <summary>How many machines the running test has built (a test of this check reads it).</summary>
    public static int TrackedCount => Tracked.Value?.Count ?? -1;

    public override void Before(MethodInfo methodUnderTest) => Tracked.Value = new List<Machine>();

    public override void After(MethodInfo methodUnderTest)
    {
        var machines = Tracked.Value;
        Tracked.Value = null;
        if (machines is null || methodUnderTest.GetCustomAttribute<NoCensusCheckAttribute>() is not null) return;
        foreach (var m in machines)
        {
            var census = Shutdown.ExitAll(m);
            if (!census.IsEmpty)
                throw new XunitException($"{methodUnderTest.Name}: every process exited but the {census}");
        }
    }
}

/// <summary>A test that leaves its machine broken on purpose (a model panic): the census check is skipped.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NoCensusCheckAttribute : Attribute;
