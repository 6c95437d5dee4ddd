// Models a guest process as the vkernel sees it: its guest vmspace (one host vmspace, spec §6.2), the page tables
// the vkernel keeps for it in the memory file, and a seeded script of what its code does.
namespace Workbench.Guest;

/// <summary>What a guest process does next.</summary>
public enum GuestOp { Access, Syscall, Fork, Exec, Exit }

/// <summary>One step of a guest process's script.</summary>
public readonly record struct GuestStep(GuestOp Op, ulong Va = 0, int Access = 0);

/// <summary>A guest region: [Start, Start + Pages*4096) with its protection.</summary>
public readonly record struct GuestRegion(string Name, ulong Start, int Pages, bool Writable)
{
    public ulong End => Start + ((ulong)Pages << 12);
    public bool Contains(ulong va) => va >= Start && va < End;
}

/// <summary>A guest pmap: one guest address space as the vkernel keeps it. Its host twin is the vmspace named
/// <see cref="VmspaceId"/> (the guest kernel address of the pmap, spec §6.2); its page tables live in the memory file
/// from <see cref="Pml4"/> down.</summary>
public sealed class GuestPmap
{
    internal GuestPmap(ulong id, ulong pml4) { VmspaceId = id; Pml4 = pml4; }

    /// <summary>The host vmspace id: &amp;vm->vm_pmap, a guest kernel address.</summary>
    public ulong VmspaceId { get; }

    /// <summary>Physical address of the PML4 page (the frame of the SETMAP value).</summary>
    public ulong Pml4 { get; }

    /// <summary>Valid leaf ptes: guest vpn → physical page.</summary>
    internal readonly SortedDictionary<ulong, ulong> Resident = new();

    /// <summary>Table pages below the PML4 by (level, va prefix) → physical page.</summary>
    internal readonly SortedDictionary<(int Level, ulong Prefix), ulong> Tables = new();

    /// <summary>Resident guest pages.</summary>
    public int ResidentPages => Resident.Count;
}

/// <summary>A guest process: pid, its current guest pmap, the regions of its image and a seeded script.</summary>
public sealed class GuestProcess
{
    internal GuestProcess(int pid, IEnumerator<GuestStep> script) { Pid = pid; Script = script; }

    public int Pid { get; }

    /// <summary>The current address space (replaced by exec).</summary>
    public GuestPmap Pmap { get; internal set; } = null!;

    /// <summary>The regions of the current image.</summary>
    internal List<GuestRegion> Regions { get; set; } = new();

    /// <summary>Regions the next exec installs.</summary>
    internal List<GuestRegion> Image { get; set; } = new();

    internal IEnumerator<GuestStep> Script { get; set; }

    /// <summary>A step that must run again (an access retried after the vkernel fixed its fault).</summary>
    internal GuestStep? Pending { get; set; }

    public bool Exited { get; internal set; }

    public override string ToString() => $"guest pid {Pid} (vmspace 0x{Pmap?.VmspaceId:x})";
}
