// Observability beside the model: a census of live vkernel state. Instrumented: reads the model, changes nothing.
using Workbench.Kernel.Vkernel;

namespace Workbench.Kernel.Observe;

/// <summary>What is alive: processes, LWPs, vkernels (vkernel_proc), vmspace entries, the sum of their refs, LWPs
/// running inside a vmspace, map entries and resident pages of the vmspaces under vkernel control.</summary>
public readonly record struct Census(
    int Procs, int Lwps, int Vkernels, int Vmspaces, long Refs, int LwpsInVmspace, int MapEntries, int ResidentPages)
{
    /// <summary>Counts the live state of <paramref name="m"/>.</summary>
    public static Census Take(Machine m)
    {
        var vkps = new HashSet<VkernelProc>(ReferenceEqualityComparer.Instance);
        foreach (var p in m.Procs.Values)
            if (p.p_vkernel is not null) vkps.Add(p.p_vkernel);
        int vmspaces = 0, entries = 0, resident = 0;
        long refs = 0;
        foreach (var vkp in vkps)
            foreach (var ve in vkp.root.RB_FOREACH())
            {
                vmspaces++;
                refs += ve.refs;
                entries += ve.vmspace?.vm_map.nentries ?? 0;
                resident += ve.vmspace?.vm_pmap.ResidentCount ?? 0;
            }
        int inVm = m.Lwps.Values.Count(l => l.InVmspace);
        return new Census(m.Procs.Count, m.Lwps.Count, vkps.Count, vmspaces, refs, inVm, entries, resident);
    }

    /// <summary>True when nothing at all is left: every process has exited and took its vkernel state with it.</summary>
    public bool IsEmpty => this == default;

    /// <summary>The replay's closing line: <c>census: procs=1 lwps=1 vkernels=1 vmspaces=2 refs=0 ...</c>.</summary>
    public override string ToString() =>
        $"census: procs={Procs} lwps={Lwps} vkernels={Vkernels} vmspaces={Vmspaces} refs={Refs} " +
        $"lwps_in_vmspace={LwpsInVmspace} map_entries={MapEntries} resident_pages={ResidentPages}";
}
