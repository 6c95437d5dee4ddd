// The random-scenario generator reaches the fault path: guest accesses that resolve (fuzzed linear SETMAPs and poked
// tables), accesses that are reflected, signals, and the vkernel's own pokes and peeks; invariants hold throughout.
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Fault;

public class FuzzFaultPathTests
{
    [Fact]
    public void random_scenarios_resolve_and_reflect_guest_accesses_and_poke_the_vkernels_memory()
    {
        int resolved = 0, reflected = 0, pokes = 0, signals = 0;
        for (ulong seed = 1; seed <= 60; seed++)
        {
            var r = Fuzzer.Run(seed * 31, steps: 200);
            Assert.True(r.Failure is null, $"seed {r.Seed}: {r.Failure}\n{r.Script}");
            foreach (var line in r.Script.Split('\n'))
            {
                if (line.Contains("guest_access(") && line.EndsWith("= 0x0")) resolved++;
                if (line.Contains("guest_access(") && line.EndsWith("= 0xc")) reflected++;
                if (line.Contains("] poke(") && line.EndsWith("= 0x0")) pokes++;
                if (line.Contains("guest_signal(")) signals++;
            }
        }
        Assert.True(resolved > 20 && reflected > 20 && pokes > 0 && signals > 0,
            $"resolved {resolved}, reflected {reflected}, pokes {pokes}, signals {signals}");
    }
}
