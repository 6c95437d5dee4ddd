// Observability beside the model: the invariant checker run between events by tests, replays and notebooks.
// Instrumented: reads the model, changes nothing. Each violation is a sentence naming the object and the rule.
// Check is the reference (every object, O(state)); InvariantChecker.cs re-checks only what the last call touched
// with the same rules, below.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Vkernel;

namespace Workbench.Kernel.Observe;

/// <summary>Checks the model's invariants between events (no call in flight).</summary>
public static class Invariants
{
    /// <summary>Every violated invariant of <paramref name="m"/>, empty when all hold. O(every object).</summary>
    public static IReadOnlyList<string> Check(Machine m)
    {
        var bad = new List<string>();
        CheckGlobals(m, bad);
        var vkps = new Dictionary<VkernelProc, int>(ReferenceEqualityComparer.Instance);
        foreach (var p in m.Procs.Values)
        {
            CheckProc(p, bad);
            if (p.p_vkernel is { } vkp) vkps[vkp] = vkps.GetValueOrDefault(vkp) + 1;
        }

        // Which tree each entry is on, by walking the trees (RB_FIND would count in the tree's RbStats).
        var onTree = new Dictionary<VmspaceEntry, VkernelProc>(ReferenceEqualityComparer.Instance);
        foreach (var vkp in vkps.Keys)
            foreach (var ve in vkp.root.RB_FOREACH()) onTree[ve] = vkp;

        var users = new Dictionary<VmspaceEntry, int>(ReferenceEqualityComparer.Instance);
        foreach (var lp in m.Lwps.Values)
        {
            if (lp.lwp_vkernel?.ve is { } ve) users[ve] = users.GetValueOrDefault(ve) + 1;
            CheckLwp(lp, lp.lwp_vkernel?.ve is { } inVe ? onTree.GetValueOrDefault(inVe) : null, bad);
        }

        foreach (var (vkp, procs) in vkps)
        {
            CheckVkernel(vkp, procs, bad);
            if (!vkp.root.Validate(out var why)) bad.Add($"vkernel#{vkp.Id} tree is not a valid red-black tree: {why}");
            foreach (var ve in vkp.root.RB_FOREACH()) CheckEntry(m, ve, users.GetValueOrDefault(ve), bad);
        }
        CheckCensus(m, bad);
        return bad;
    }

    /// <summary>Not in the C: nothing in flight, no global token held.</summary>
    internal static void CheckGlobals(Machine m, List<string> bad)
    {
        if (m.CurrentCall is not null) bad.Add("a system call is still in flight");
        foreach (var t in (ReadOnlySpan<LwkToken>)[m.mp_token, m.proc_token, m.vmspace_token])
            if (t.Holder is not null) bad.Add($"{t.Name} is held between calls");
    }

    /// <summary>Not in the C: a listed process is alive, has LWPs and a sound address space.</summary>
    internal static void CheckProc(Proc p, List<string> bad)
    {
        if (p.Exited) bad.Add($"{p} is exited but still listed");
        if (p.p_lwp_tree.Count == 0) bad.Add($"{p} has no LWPs");
        CheckVmspace(p.p_vmspace, p, bad);
    }

    /// <summary>Not in the C: an LWP runs on its process's address space, or in a vmspace entry of its process's
    /// vkernel tree (<paramref name="tree"/>: the vkernel whose tree holds the LWP's entry, null for none).</summary>
    internal static void CheckLwp(Lwp lp, VkernelProc? tree, List<string> bad)
    {
        var ve = lp.lwp_vkernel?.ve;
        if (ve is null)
        {
            if (lp.lwp_vmspace != lp.lwp_proc.p_vmspace) bad.Add($"{lp} is not in a vmspace but runs on another address space");
            return;
        }
        if (lp.lwp_vmspace != ve.vmspace) bad.Add($"{lp} runs in {ve} but its address space is not that vmspace");
        if (lp.lwp_proc.p_vkernel is null || tree is null || tree != lp.lwp_proc.p_vkernel)
            bad.Add($"{lp} runs in {ve}, which is not in its process's vkernel tree");
    }

    /// <summary>Not in the C: an attached vkernel_proc is live, has one ref per process sharing it
    /// (<paramref name="procs"/>) and its token is free.</summary>
    internal static void CheckVkernel(VkernelProc vkp, int procs, List<string> bad)
    {
        if (vkp.Freed) bad.Add($"vkernel#{vkp.Id} is freed but still attached");
        if (vkp.refs != procs) bad.Add($"vkernel#{vkp.Id} refs={vkp.refs} instead of {procs} (processes sharing it)");
        if (vkp.token.Holder is not null) bad.Add($"vkernel#{vkp.Id} token is held between calls");
    }

    /// <summary>Not in the C: an entry on a tree has one ref per LWP running in it (<paramref name="live"/>) and a
    /// live, sound vmspace.</summary>
    internal static void CheckEntry(Machine m, VmspaceEntry ve, int live, List<string> bad)
    {
        if (ve.refs < 0) bad.Add($"{ve} has negative refs");
        if (m.Design.EntryRefsProblem(m, ve, live) is { } problem) bad.Add(problem);
        if (ve.Freed || ve.vmspace is null) bad.Add($"{ve} is on the tree but freed");
        else CheckVmspace(ve.vmspace, ve, bad);
    }

    /// <summary>Not in the C: once every process has exited nothing may be left (the leak check).</summary>
    internal static void CheckCensus(Machine m, List<string> bad)
    {
        if (m.Procs.Count == 0 && Census.Take(m) is { IsEmpty: false } left)
            bad.Add($"all processes exited but something is left: {left}");
    }

    /// <summary>Not in the C: a vmspace in use is live, its map sound, and (the map being sound) its translations.
    /// The sentences name <paramref name="owner"/>'s vmspace; they are built only when a rule is broken.</summary>
    internal static void CheckVmspace(Vm.VmSpace vm, object owner, List<string> bad)
    {
        if (vm.Freed) bad.Add($"{owner}'s vmspace is freed but in use");
        if (!vm.vm_map.CheckInvariants(out var why)) bad.Add($"{owner}'s vmspace map: {why}");
        else if (!vm.CheckTranslations(out why)) bad.Add($"{owner}'s vmspace: {why}");
    }
}
