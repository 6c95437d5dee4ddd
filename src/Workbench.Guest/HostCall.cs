// One host system call the vkernel's platform code made, handed to the caller's hook (see HostProtocol). Not in the
// C: the 2012 vkernel calls panic() itself where a call it needs fails; here each caller chooses what a failure means
// (the simulated vkernel panics, the workload generator throws with its seed, a test fixture asserts).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Guest;

/// <summary>One host call of the vkernel protocol: its C name, the vmspace id it named, an optional detail (the
/// command or advice: <c>RUN</c>, <c>MADV_SETMAP</c>, <c>MADV_INVAL</c>), its result, and whether the 2012 vkernel
/// checks that result (<see cref="Checked"/> is false for the MADV_NOSYNC it ignores and for the destroy whose
/// EBUSY a caller may choose to survive). Immutable.</summary>
public readonly record struct HostCall(string Name, ulong Id, string? Detail, SysResult Result, bool Checked)
{
    /// <summary>True when the call did what the vkernel asked: success, or EJUSTRETURN from
    /// <c>vmspace_ctl(VMSPACE_CTL_RUN)</c>, which is how that call succeeds (spec §5).</summary>
    public bool Succeeded => Result.Ok || (Name == "vmspace_ctl" && Result.Error == Errno.EJUSTRETURN);

    /// <summary>The call as a message names it: <c>vmspace_mcontrol(0x8001000120, MADV_SETMAP)</c>.</summary>
    public string What => Detail is null ? $"{Name}(0x{Id:x})" : $"{Name}(0x{Id:x}, {Detail})";

    /// <summary>The default hook: a checked call that did not succeed is a vkernel panic, as in the 2012 code.</summary>
    public static void PanicOnFailure(HostCall c)
    {
        if (c.Checked && !c.Succeeded) throw new VkernelPanicException($"{c.What} = {c.Result.Format()}");
    }
}
