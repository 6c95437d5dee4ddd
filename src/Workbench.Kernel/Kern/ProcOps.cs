// Models fork1 (kern_fork.c), kern_execve/exec_new_vmspace (kern_exec.c), exit1 (kern_exit.c) and lwp_create /
// lwp_exit (kern_fork.c, kern_exit.c) of DragonFly a2ee730d, as far as the vkernel hooks need. Simplified: no
// signals, zombies, wait(), credentials or image loading; an exec builds a fixed text/data/stack image.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Kassert;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary>Where exec puts the image: text at 0x400000, data at 0x600000 (vm_daddr, which vm_map_hint
    /// reads), a 2 MiB stack below VM_MAX_USER_ADDRESS. One page each of text and data.</summary>
    public const ulong ImageText = 0x400000, ImageData = 0x600000, ImageStackSize = 2UL << 20;

    /// <summary>Process 1 with main thread 1, its image mapped, descriptors 0, 1 and 2 open on /dev/console (as for
    /// any program started from a shell: its first open returns 3), no vkernel.</summary>
    void CreateInitProc()
    {
        var p = new Proc(AllocId(), NewImage(), FileDesc.WithStdio(Vfs.Lookup("/dev/console")!));
        AddProc(p);
        AddLwp(new Lwp(p.p_pid, p));
    }

    /// <summary>exec_new_vmspace + the image activator, simplified: anonymous text (r-x), data (rw-) and stack (rw-).</summary>
    VmSpace NewImage()
    {
        var vm = VmSpace.vmspace_alloc(this, Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);
        vm.vm_taddr = ImageText;
        vm.vm_daddr = ImageData;
        var map = vm.vm_map;
        int rx = Mman.VM_PROT_READ | Mman.VM_PROT_EXECUTE, rw = Mman.VM_PROT_READ | Mman.VM_PROT_WRITE;
        int rv = map.vm_map_insert(null, 0, ImageText, ImageText + Param.PAGE_SIZE, Mman.VM_MAPTYPE_NORMAL, rx, Mman.VM_PROT_ALL, 0);
        rv |= map.vm_map_insert(null, 0, ImageData, ImageData + Param.PAGE_SIZE, Mman.VM_MAPTYPE_NORMAL, rw, Mman.VM_PROT_ALL, 0);
        ulong stack = Param.VM_MAX_USER_ADDRESS - ImageStackSize;
        rv |= map.vm_map_insert(null, 0, stack, Param.VM_MAX_USER_ADDRESS, Mman.VM_MAPTYPE_NORMAL, rw, Mman.VM_PROT_ALL, 0);
        KKASSERT(rv == Mman.KERN_SUCCESS, "exec_new_vmspace: image does not fit");
        return vm;
    }

    /// <summary><c>fork()</c> (2) via fork1: a new process with a copy of the address space (vmspace_fork), the
    /// descriptor table shared file by file, one LWP cloned from the caller, and the vkernel inherited
    /// (vkernel_inherit) when the parent has one. Returns the child's pid. No requirements.</summary>
    internal int sys_fork(Lwp td, ref SysProto.ForkArgs uap)
    {
        var p1 = td.lwp_proc;
        MayBlock("kmalloc(proc)");
        var p2 = new Proc(AllocId(), p1.p_vmspace.vmspace_fork(), p1.p_fd.Copy());
        var lp2 = new Lwp(p2.p_pid, p2);
        lp2.Frame.CopyFrom(td.Frame);
        lp2.td_tls.CopyFrom(td.td_tls);
        lwkt_gettoken(td, proc_token);
        AddProc(p2);
        AddLwp(lp2);
        lwkt_reltoken(td, proc_token);
        if (p1.p_vkernel is not null)
            vkernel_inherit(p1, p2);
        uap.sysmsg_result = p2.p_pid;
        return 0;
    }

    /// <summary><c>execve(path, argv, envp)</c> (59): kills the other LWPs, detaches the vkernel ("virtual kernels
    /// cannot be inherited by an exec", vkernel_exit), replaces the address space. The file must exist and be a
    /// regular file. No requirements.</summary>
    internal int sys_execve(Lwp td, ref SysProto.ExecveArgs uap)
    {
        var p = td.lwp_proc;
        var vp = uap.fname is null ? null : Vfs.Lookup(uap.fname);
        if (vp is null)
            return ENOENT;
        if (vp.v_type != VType.VREG)
            return EACCES;

        killalllwps(td);
        if (p.p_vkernel is not null)
            Design.vkernel_exit(this, td, p);

        var old = p.p_vmspace;
        p.p_vmspace = NewImage();
        td.lwp_vmspace = p.p_vmspace;
        old.vmspace_free();
        Array.Clear(td.Frame.R);
        return 0;
    }

    /// <summary><c>exit(status)</c> (1) via exit1: kill and reap the other LWPs (each runs lwp_exit, so an LWP still
    /// inside a vmspace prints the "active VC" warning), vkernel_lwp_exit(curlwp), vkernel_exit, close every
    /// descriptor, free the address space. Does not return to the caller. No requirements.</summary>
    internal int sys_exit(Lwp td, ref SysProto.ExitArgs uap)
    {
        exit1(td);
        return 0;
    }

    void exit1(Lwp td)
    {
        var p = td.lwp_proc;
        killalllwps(td);
        Design.vkernel_lwp_exit(this, td);
        if (p.p_vkernel is not null)
            Design.vkernel_exit(this, td, p);
        p.p_fd.CloseAll();
        lwkt_gettoken(td, proc_token);
        td.Exited = true;
        RemoveLwp(td);
        p.Exited = true;
        RemoveProc(p);
        lwkt_reltoken(td, proc_token);
        p.p_vmspace.vmspace_free();
    }

    /// <summary><c>killalllwps</c>: every LWP but the caller exits through lwp_exit (and vkernel_lwp_exit).</summary>
    void killalllwps(Lwp td)
    {
        foreach (var lp in td.lwp_proc.p_lwp_tree.Values.Where(l => l != td).ToList())
            lwp_exit(lp);
    }

    /// <summary><c>lwp_exit</c> for one LWP: vkernel_lwp_exit, then the LWP is gone.</summary>
    void lwp_exit(Lwp lp)
    {
        Design.vkernel_lwp_exit(this, lp);
        lp.Exited = true;
        RemoveLwp(lp);
    }

    /// <summary><c>lwp_create()</c> (495): a new LWP in the caller's process, starting with a copy of the caller's
    /// registers. Returns its tid. No requirements.</summary>
    internal int sys_lwp_create(Lwp td, ref SysProto.LwpCreateArgs uap)
    {
        var p = td.lwp_proc;
        MayBlock("kmalloc(lwp)");
        var lp = new Lwp(AllocId(), p);
        lp.Frame.CopyFrom(td.Frame);
        lp.td_tls.CopyFrom(td.td_tls);
        AddLwp(lp);
        uap.sysmsg_result = lp.lwp_tid;
        return 0;
    }

    /// <summary><c>extexit(EXTEXIT_LWP)</c>, shown as lwp_exit (494): the calling LWP exits; the last LWP of a
    /// process takes the process with it (exit1). No requirements.</summary>
    internal int sys_lwp_exit(Lwp td, ref SysProto.ExtexitArgs uap)
    {
        if (td.lwp_proc.p_lwp_tree.Count == 1)
            exit1(td);
        else
            lwp_exit(td);
        return 0;
    }

    /// <summary><c>sysctl(name, [newval])</c> (202, simplified to one integer value): with a new value, sets it and
    /// returns 0; without one, returns the current value. Unknown names give ENOENT. Every caller is root.</summary>
    internal int sys_sysctl(Lwp td, ref SysProto.SysctlArgs uap)
    {
        if (uap.name is null || !Sysctl.TryGet(uap.name, out long cur))
            return ENOENT;
        if (uap.newlen != 0)
            return Sysctl.TrySet(uap.name, uap.newval) ? 0 : ENOENT;
        uap.sysmsg_result = cur;
        return 0;
    }
}
