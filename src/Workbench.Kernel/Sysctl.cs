// Models the sysctls the modelled paths read (vm.vkernel_enable, vm.randomize_mmap, vm.max_proc_mmap, kern.maxdsiz).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel;

/// <summary>Sysctl values the modelled paths read (spec §5.4).</summary>
public sealed class Sysctl
{
    /// <summary><c>vm.vkernel_enable</c>, default 0.</summary>
    public int vkernel_enable { get; set; }
    /// <summary><c>vm.randomize_mmap</c>, default 0.</summary>
    public int randomize_mmap { get; set; }
    /// <summary><c>vm.max_proc_mmap</c>: KvaSize / sizeof(vm_map_entry) / 100 with the pc64 defaults [inferred: 512 GiB KVA, 128-byte entries].</summary>
    public long max_proc_mmap { get; set; } = (512L << 30) / 128 / 100;
    /// <summary><c>kern.maxdsiz</c>.</summary>
    public ulong maxdsiz { get; set; } = Param.MAXDSIZ;

    /// <summary>Names accepted by the sysctl call.</summary>
    public static readonly string[] Names = ["vm.vkernel_enable", "vm.randomize_mmap", "vm.max_proc_mmap", "kern.maxdsiz"];

    public bool TryGet(string name, out long value)
    {
        value = name switch
        {
            "vm.vkernel_enable" => vkernel_enable,
            "vm.randomize_mmap" => randomize_mmap,
            "vm.max_proc_mmap" => max_proc_mmap,
            "kern.maxdsiz" => (long)maxdsiz,
            _ => long.MinValue,
        };
        return value != long.MinValue;
    }

    public bool TrySet(string name, long value)
    {
        switch (name)
        {
            case "vm.vkernel_enable": vkernel_enable = (int)value; return true;
            case "vm.randomize_mmap": randomize_mmap = (int)value; return true;
            case "vm.max_proc_mmap": max_proc_mmap = value; return true;
            case "kern.maxdsiz": maxdsiz = (ulong)value; return true;
            default: return false;
        }
    }
}
