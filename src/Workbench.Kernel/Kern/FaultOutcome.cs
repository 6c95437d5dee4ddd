// Observability beside the model: how a guest page fault ended (instrumented).
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary>How a guest page fault ended.</summary>
public enum FaultOutcome
{
    /// <summary>vm_fault succeeded: the host entered a translation and the emulated context went on.</summary>
    Resolved,
    /// <summary>The virtual page-table walk failed (KERN_FAILURE): reflected to the vkernel as T_PAGEFLT.</summary>
    WalkFailed,
    /// <summary>The host entry lacks the access or the page lies beyond the file (KERN_PROTECTION_FAILURE, SIGBUS):
    /// reflected as T_PAGEFLT.</summary>
    ProtectionFailure,
    /// <summary>No host map entry at the address (KERN_INVALID_ADDRESS, SIGSEGV): reflected as T_PAGEFLT.</summary>
    InvalidAddress,
}
