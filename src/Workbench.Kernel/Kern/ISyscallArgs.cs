// Models the sy_call member of struct sysent (sys/sys/sysent.h): how a row of the table reaches its twin.
namespace Workbench.Kernel.Kern;

/// <summary>A <c>*_args</c> struct of <see cref="SysProto"/>: names the twin that runs it (<c>sy_call</c>). The struct
/// also has a <c>long sysmsg_result</c> field, which the twin sets on success.</summary>
public interface ISyscallArgs<TSelf> where TSelf : struct, ISyscallArgs<TSelf>
{
    /// <summary><c>sy_call</c>: runs the twin on <paramref name="uap"/>; returns 0, an errno or EJUSTRETURN.</summary>
    static abstract int sy_call(Machine m, Lwp td, ref TSelf uap);
}
