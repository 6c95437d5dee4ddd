// Models struct proc (sys/sys/proc.h, a2ee730d): only the fields the vkernel code paths touch. Simplified.
using Workbench.Kernel.Vkernel;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct proc</c>: a host process. Simplified: no credentials, signals, zombies or parent reaping.</summary>
public sealed class Proc
{
    internal Proc(int pid, VmSpace vmspace, FileDesc fd)
    {
        p_pid = pid;
        p_vmspace = vmspace;
        p_fd = fd;
    }

    /// <summary><c>p_pid</c>.</summary>
    public int p_pid { get; }

    // Guarded by proc_token.
    /// <summary><c>p_vkernel</c>: the vkernel side-structure, shared across fork (spec §1.2).</summary>
    public VkernelProc? p_vkernel { get; internal set; }

    /// <summary><c>p_vmspace</c>: the process's own address space.</summary>
    public VmSpace p_vmspace { get; internal set; }

    /// <summary><c>p_fd</c>: the descriptor table.</summary>
    public FileDesc p_fd { get; internal set; }

    /// <summary><c>p_lwp_tree</c>: the process's LWPs, ordered by tid.</summary>
    public SortedDictionary<int, Lwp> p_lwp_tree { get; } = new();

    /// <summary>Set once exit1 has torn the process down.</summary>
    public bool Exited { get; internal set; }

    public override string ToString() => $"pid {p_pid}";
}
