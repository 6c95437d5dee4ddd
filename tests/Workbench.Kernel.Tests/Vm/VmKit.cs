// Test fixture for the Vm layer: a machine, its init thread, raw system calls, files built through internal APIs.
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Mman;
using File = Workbench.Kernel.Kern.File;

namespace Workbench.Kernel.Tests.Vm;

sealed class VmKit
{
    public const ulong P = Param.PAGE_SIZE;
    /// <summary>A base far from anything a process image or stack uses, for MAP_FIXED tests.</summary>
    public const ulong Base = 0x1000_0000_0000UL;

    public readonly Machine M;
    public readonly Lwp Td;

    public VmKit(int vkernelEnable = 1, ulong seed = 1)
    {
        M = CensusCheckAttribute.Track(new Machine(new MachineOptions { VkernelEnable = vkernelEnable, Seed = seed }));
        Td = M.FindLwp(1)!;
    }

    public Proc Proc => Td.lwp_proc;
    public VmSpace Vms => Proc.p_vmspace;
    public VmMap Map => Vms.vm_map;

    public SysResult Mmap(ulong addr, ulong len, int prot, int flags, long fd = -1, long pos = 0) =>
        M.Syscall(Td, new SyscallRequest(Sysno.mmap, (long)addr, (long)len, prot, flags, fd, pos));

    public SysResult Munmap(ulong addr, ulong len) => M.Syscall(Td, new SyscallRequest(Sysno.munmap, (long)addr, (long)len));

    public SysResult Madvise(ulong addr, ulong len, int behav) =>
        M.Syscall(Td, new SyscallRequest(Sysno.madvise, (long)addr, (long)len, behav));

    public SysResult Mcontrol(ulong addr, ulong len, int behav, long value) =>
        M.Syscall(Td, new SyscallRequest(Sysno.mcontrol, (long)addr, (long)len, behav, value));

    /// <summary>A regular file of <paramref name="size"/> bytes (not in the namespace) open with <paramref name="fflags"/>.</summary>
    public (int Fd, Vnode Vp) OpenRegular(string path, ulong size, int fflags, bool immutable = false)
    {
        var vp = Vfs.NewRegular(path);
        vp.Size = size;
        vp.v_object!.SizePages = Param.atop(Param.round_page(size));
        vp.ImmutableOrAppend = immutable;
        return (Proc.p_fd.Alloc(new File(DType.DTYPE_VNODE, fflags, vp)), vp);
    }

    /// <summary>Opens an existing vnode of the machine's namespace ("/dev/zero") with <paramref name="fflags"/>.</summary>
    public int OpenNode(string path, int fflags) =>
        Proc.p_fd.Alloc(new File(DType.DTYPE_VNODE, fflags, M.Vfs.Lookup(path) ?? throw new ArgumentException(path)));

    public int OpenVnode(Vnode vp, int fflags) => Proc.p_fd.Alloc(new File(DType.DTYPE_VNODE, fflags, vp));

    public int OpenPipe() => Proc.p_fd.Alloc(new File(DType.DTYPE_PIPE, Fcntl.FREAD | Fcntl.FWRITE, null));

    /// <summary>A fresh address space [0, VM_MAX_USER_ADDRESS) outside any process.</summary>
    public VmSpace NewVmspace() => VmSpace.vmspace_alloc(M, Param.VM_MIN_USER_ADDRESS, Param.VM_MAX_USER_ADDRESS);

    public static void AssertInvariants(VmSpace vm, string context = "")
    {
        Assert.True(vm.CheckInvariants(out var why), $"{context} {why}");
    }

    /// <summary>Entries that intersect [s, e) (the init process may own other mappings, e.g. an image and a stack).</summary>
    public static int EntriesIn(VmMap map, ulong s, ulong e) => map.entries.Count(x => x.start < e && x.end > s);

    /// <summary>Resident translations in [s, e).</summary>
    public static int ResidentIn(VmSpace vm, ulong s, ulong e) => vm.vm_pmap.Entries.Count(x => x.Va >= s && x.Va < e);

    /// <summary>The map as "[start-end) type prot pde" lines, for failure messages.</summary>
    public static string Dump(VmMap map) => string.Join("\n", map.entries.Select(e => e.ToString()));

    public static byte[] Bytes(int n, byte seed)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)(seed + i * 7);
        return b;
    }

    public const int RW = PROT_READ | PROT_WRITE;
}
