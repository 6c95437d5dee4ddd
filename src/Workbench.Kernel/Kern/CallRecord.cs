// Observability at the dispatch point: what one call touched, stamped by the model where it happened
// (instrumented: the stamps are written as the call runs and change nothing it does).
using Workbench.Kernel.Vkernel;

namespace Workbench.Kernel.Kern;

/// <summary>Not in the C: one call or guest event as the model ran it: its request and result, and what it touched,
/// stamped by the model at the point where it happened. Observers and recorders only copy these fields; none of
/// them looks anything up again. Set once the call has returned (<see cref="Machine.LastCall"/>, observers' OnExit).</summary>
public sealed class CallRecord
{
    internal CallRecord(Lwp td, SyscallRequest req, SysentEntry sysent, long seq, long tick)
    {
        Thread = td; Request = req; Sysent = sysent; Seq = seq; Tick = tick;
    }

    public Lwp Thread { get; }
    public SyscallRequest Request { get; }
    /// <summary>The call's row of the system call table (name, argument fields).</summary>
    public SysentEntry Sysent { get; }
    public long Seq { get; }
    public long Tick { get; }
    public SysResult Result { get; internal set; }

    /// <summary>Tokens taken, in order ("mp_token", "vkernel").</summary>
    public List<string> Tokens { get; } = new();
    /// <summary>Blocking points passed, by their stable names ("kmalloc(vmspace_entry)", "vmspace_free").</summary>
    public List<string> Blocks { get; } = new();
    /// <summary>kprintf output during the call.</summary>
    public List<string> Messages { get; } = new();

    // Stamped by the model (see Machine.StampVe and the dispatch point in Syscall2.cs).
    /// <summary>The caller's vkernel_proc: after the call, or before it when the call dropped it (exit, exec).</summary>
    public VkernelProc? Vkernel { get; internal set; }
    /// <summary>vmspaces in <see cref="Vkernel"/>'s tree before the call (0 without one).</summary>
    public int TreeSize { get; internal set; }
    /// <summary>The vmspace_entry the call resolved: found by vkernel_find_vmspace, inserted by create, run in by a
    /// guest event, or dropped by vkernel_lwp_exit. Null when it resolved none.</summary>
    public VmspaceEntry? Ve { get; internal set; }
    /// <summary><c>ve-&gt;refs</c> when the call resolved <see cref="Ve"/>; null for an entry the call created.</summary>
    public int? RefsBefore { get; internal set; }
    /// <summary><c>ve-&gt;refs</c> when the call returned; null without <see cref="Ve"/>.</summary>
    public int? RefsAfter { get; internal set; }
    /// <summary>rb_vmspace_compare calls of the call's tree operations.</summary>
    public int Compares { get; internal set; }
    /// <summary>Nodes visited by the call's last RB_FIND/RB_INSERT descent, 0 if none.</summary>
    public int Depth { get; internal set; }
    /// <summary>Red-black rotations.</summary>
    public int Rotations { get; internal set; }
    /// <summary>vm_fault calls during the call.</summary>
    public int Faults { get; internal set; }
    /// <summary>Map entries of <see cref="Ve"/>'s vmspace after the call (0 without one, or once it is freed).</summary>
    public int MapEntries { get; internal set; }
    /// <summary>Resident pages of <see cref="Ve"/>'s pmap after the call.</summary>
    public int ResidentPages { get; internal set; }

    // Concurrency (counted only when a scheduler interleaves calls; 0 in a sequential run).
    /// <summary>Token acquisitions that found the token held by another thread.</summary>
    public int TokenContentions { get; internal set; }
    /// <summary>Lock acquisitions (vm_map lock) that found the lock unavailable.</summary>
    public int LockContentions { get; internal set; }
    /// <summary>Times the call slept (switched out at a blocking point, or waiting for a token or lock), giving up its tokens.</summary>
    public int Sleeps { get; internal set; }
    /// <summary>Tokens re-acquired after sleeping (lwkt_getalltokens).</summary>
    public int Reacquisitions { get; internal set; }
    /// <summary>Times another thread was run while this call was in flight and could have run on.</summary>
    public int Switches { get; internal set; }

    // The levels read at entry, for the differences above.
    internal long Compares0, Rotations0, Descents0, Faults0;
}
