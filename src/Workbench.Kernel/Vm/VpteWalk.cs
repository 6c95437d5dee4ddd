// Observability of vm_fault_vpagetable (sys/vm/vm_fault.c, a2ee730d): what one walk did (instrumented).
using System.Buffers.Binary;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Vm;

/// <summary>What the last <c>vm_fault</c> did in the virtual page table. Instrumented: it changes nothing.</summary>
/// <param name="Walked">True when the fault went through <c>vm_fault_vpagetable</c>.</param>
/// <param name="Levels">Table pages read (0 for a PS master, 4 for a full 4-level walk).</param>
/// <param name="AUpdates">vptes that got VPTE_A ORed in by a read fault.</param>
/// <param name="MUpdates">vptes that got VPTE_M|VPTE_A ORed in by a write fault.</param>
/// <param name="Failure">Why the walk failed, or None.</param>
/// <param name="FailedVpte">The vpte that failed the check (the master value at level 0).</param>
/// <param name="FinalPindex">The object page the walk resolved to.</param>
public readonly record struct VpteWalk(bool Walked, int Levels, int AUpdates, int MUpdates, VpteFailure Failure, ulong FailedVpte, ulong FinalPindex);
