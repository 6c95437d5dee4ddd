// Ends a simulation cleanly: every LWP running emulated code is returned to its vkernel (a signal, trap 0), then
// every process exits. What is left afterwards is a leak (the census must be empty).
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;

namespace Workbench.Scenarios;

/// <summary>Process teardown for tests and notebooks.</summary>
public static class Shutdown
{
    /// <summary>Exits every process of <paramref name="m"/> and returns the census afterwards.</summary>
    public static Census ExitAll(Machine m)
    {
        while (m.Procs.Count > 0)
        {
            var p = m.Procs.Values.First();
            foreach (var lp in p.p_lwp_tree.Values.Where(l => l.InVmspace).ToList())
                m.GuestTrap(lp, 0);
            m.Exit(p.p_lwp_tree.Values.First(), 0);
        }
        return Census.Take(m);
    }
}
