// Observability beside the model: one row per guest page fault (instrumented: recorded, changes nothing).
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary>One guest page fault: where, what kind, how it ended, what the walk did and the pmap size after it.
/// Collected in <see cref="Machine.FaultLog"/> when that list is set.</summary>
/// <param name="Seq">Sequence number of the guest event (shared with system calls).</param>
/// <param name="Tick">Simulated time of the event.</param>
/// <param name="Tid">The LWP running the emulated context.</param>
/// <param name="VmspaceId">The vmspace the fault was taken in (<see cref="VmSpace.Id"/>).</param>
/// <param name="Va">The faulting address, as the hardware reports it (tf_addr).</param>
/// <param name="Write">A write fault (else read; execute counts as read).</param>
/// <param name="Present">The pmap held a translation for the page (a write to a read-only translation).</param>
/// <param name="Outcome">Resolved in the host, or why it was reflected.</param>
/// <param name="Walk">What the virtual page-table walk did (Walked is false for NORMAL entries and map failures).</param>
/// <param name="PmapResident">Resident translations of the vmspace after the fault.</param>
/// <param name="TfErr">The page-fault error code given to the vkernel (0 when resolved).</param>
public readonly record struct FaultRecord(
    long Seq, long Tick, int Tid, int VmspaceId, ulong Va, bool Write, bool Present, FaultOutcome Outcome, VpteWalk Walk,
    int PmapResident, int TfErr)
{
    /// <summary>True when the fault reached the vkernel.</summary>
    public bool Reflected => Outcome != FaultOutcome.Resolved;
}
