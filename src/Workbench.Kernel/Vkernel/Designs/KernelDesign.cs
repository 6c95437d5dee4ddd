// Not in the C: which DragonFly design of vm_vmspace.c (and of the fault path it leans on) a machine runs. The seed
// (a2ee730d, 2011-12) is the model's own code, unchanged; each later design (spec §7.1) is one small class that
// overrides only what its commit changed, cites the commit, and derives from the design before it, so the chain
// reads as the history did.
using Workbench.Kernel.Kern;
using static Workbench.Kernel.Kern.SysProto;

namespace Workbench.Kernel.Vkernel.Designs;

/// <summary>A kernel design: the seed, or a later DragonFly commit. Selected per machine (<see cref="MachineOptions.Kernel"/>).</summary>
public abstract class KernelDesign
{
    /// <summary>The name users type (<c>--kernel NAME</c>): "seed", or the commit's first 8 hex digits.</summary>
    public abstract string Name { get; }

    /// <summary>The commit's date, as in spec §7.1.</summary>
    public abstract string Date { get; }

    /// <summary>One line: what the commit changed.</summary>
    public abstract string Summary { get; }

    /// <summary>The design it derives from (null for the seed).</summary>
    public virtual KernelDesign? Previous => null;

    /// <summary>vm_vmspace.c takes the MP lock (mp_token); a86ce0cd removed every get_mplock/rel_mplock.</summary>
    internal virtual bool MpLocked => true;

    /// <summary>vm_map_madvise takes the map lock shared for MADV_INVAL (76f1911e); exclusive before.</summary>
    internal virtual bool MadvInvalShared => false;

    /// <summary>The vpagetable walk's A/M write-back is a compare-and-swap loop (5947157e); a blind OR before (spec §7 A2).</summary>
    internal virtual bool VpteWriteBackCas => false;

    /// <summary>vm_fault and MADV_INVAL interlock on the faulting address (fc531fbc; spec §7 A3).</summary>
    internal virtual bool FaultInvalInterlock => false;

    // The entry points of vm_vmspace.c; the seed's twins unless a design overrides them.
    internal virtual int sys_vmspace_create(Machine m, Lwp td, ref VmspaceCreateArgs uap) => m.sys_vmspace_create(td, ref uap);
    internal virtual int sys_vmspace_destroy(Machine m, Lwp td, ref VmspaceDestroyArgs uap) => m.sys_vmspace_destroy(td, ref uap);
    internal virtual int sys_vmspace_ctl(Machine m, Lwp td, ref VmspaceCtlArgs uap) => m.sys_vmspace_ctl(td, ref uap);
    internal virtual int sys_vmspace_mmap(Machine m, Lwp td, ref VmspaceMmapArgs uap) => m.sys_vmspace_mmap(td, ref uap);
    internal virtual int sys_vmspace_munmap(Machine m, Lwp td, ref VmspaceMunmapArgs uap) => m.sys_vmspace_munmap(td, ref uap);
    internal virtual int sys_vmspace_mcontrol(Machine m, Lwp td, ref VmspaceMcontrolArgs uap) => m.sys_vmspace_mcontrol(td, ref uap);
    internal virtual int sys_vmspace_pread(Machine m, Lwp td, ref VmspacePreadArgs uap) => m.sys_vmspace_pread(td, ref uap);
    internal virtual int sys_vmspace_pwrite(Machine m, Lwp td, ref VmspacePwriteArgs uap) => m.sys_vmspace_pwrite(td, ref uap);
    internal virtual int vkernel_trap(Machine m, Lwp lp, Trapframe frame) => m.vkernel_trap(lp, frame);
    internal virtual void vkernel_lwp_exit(Machine m, Lwp lp) => m.vkernel_lwp_exit(lp);
    internal virtual void vkernel_exit(Machine m, Lwp td, Proc p) => m.vkernel_exit(td, p);
    internal virtual int rb_vmspace_delete(Machine m, Lwp td, VmspaceEntry ve, VkernelProc vkp) => m.rb_vmspace_delete(td, ve, vkp);

    /// <summary>The ref an LWP running in <paramref name="ve"/> drops when it leaves (vkernel_trap, vkernel_lwp_exit):
    /// in the seed <c>KKASSERT(ve-&gt;refs &gt; 0); atomic_subtract_int(&amp;ve-&gt;refs, 1)</c>, a lock-free step.</summary>
    internal virtual void vkernel_running_drop(Machine m, Lwp lp, VmspaceEntry ve, string fn)
    {
        m.AtomicStep("ve->refs--", lp.lwp_proc.p_vkernel);
        Sys.Kassert.KKASSERT(ve.refs > 0, $"{fn}: ve->refs <= 0");
        ve.refs--; // atomic_subtract_int
    }

    /// <summary>What vkernel_lwp_exit does with the per-LWP cache (nothing before d95d5e03).</summary>
    internal virtual void vkernel_lwp_exit_cache(Machine m, Lwp lp, VkernelLwp vklp) { }

    /// <summary>Not in the C: what is wrong with the refs of an entry on the tree between calls, with
    /// <paramref name="live"/> LWPs running in it (null: nothing). The seed: refs counts exactly those LWPs.</summary>
    internal virtual string? EntryRefsProblem(Machine m, VmspaceEntry ve, int live) =>
        ve.refs == live ? null : $"{ve} refs={ve.refs} instead of {live} (LWPs running in it)";

    /// <summary>LWPs whose per-LWP cache points at <paramref name="ve"/> (2017 designs).</summary>
    internal static int Caching(Machine m, VmspaceEntry ve)
    {
        int n = 0;
        foreach (var lp in m.Lwps.Values) if (lp.lwp_vkernel?.ve_cache == ve) n++;
        return n;
    }

    public override string ToString() => Name;

    /// <summary>The seed: DragonFly a2ee730d (2011-12), the model's own code.</summary>
    public static KernelDesign Seed { get; } = new SeedDesign();

    /// <summary>Every design, oldest first.</summary>
    public static IReadOnlyList<KernelDesign> All { get; } = BuildAll();

    /// <summary>The design named <paramref name="name"/> ("seed", "2013", or a commit prefix), or null.</summary>
    public static KernelDesign? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (name.Length >= 4 ? All.FirstOrDefault(d => d.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)) : null)
        ?? (name == "2013" ? All.First(d => d is Mplock2013) : null);

    static IReadOnlyList<KernelDesign> BuildAll()
    {
        var list = new List<KernelDesign> { Seed };
        list.Add(new Mplock2013());
        list.Add(new Cache2017());
        list.Add(new Deleted2017());
        list.Add(new NoEbusyDrop2017());
        list.Add(new VpteCas2017());
        list.Add(new CacheRefFirst2017());
        list.Add(new Final2017());
        list.Add(new Interlock2017());
        return list;
    }
}

/// <summary>The seed (a2ee730d, 2011-12): everything as the model's own code has it.</summary>
sealed class SeedDesign : KernelDesign
{
    public override string Name => "seed";
    public override string Date => "2011-12";
    public override string Summary => "the seed: mp_token and vkp->token exclusive; ve->refs counts in-flight users only";
}
