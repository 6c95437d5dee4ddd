// The fuzzer's boundary and hostile arguments: any row of the system call table (Sysent.All) with values chosen for
// each field's kind, from the edges the model must answer with an errno rather than a panic.
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Scenarios;

/// <summary>Not in the C: hostile argument values by argument kind, and one fuzz step that calls any row of the
/// table with them.</summary>
static class HostileArgs
{
    const long Max = (long)Param.VM_MAX_USER_ADDRESS;

    /// <summary>Numbers and addresses: zero, -1, page-aligned and unaligned, huge, wrapping sums, the edges of
    /// VM_MAX_USER_ADDRESS, ids 0 and high kernel-looking pointers.</summary>
    static readonly long[] Words =
    [
        0, -1, 1, 0xfff, 0x1000, 0x1001, 0x2000, 0x20_0000, long.MaxValue, long.MinValue, -0x1000, -0x1001,
        Max, Max - 0x1000, Max - 1, Max + 0x1000, Max - 0x2000, 0x7fff_ffff_f000, unchecked((long)0xffff_8000_0000_0000),
        unchecked((long)0xffff_ffff_ffff_f000), 0x1_0000_0000, 0xffff_ffff, int.MaxValue, int.MinValue, 0x10_0000_0000,
    ];

    static readonly string[] Strings = ["/tmp/mem0", "/tmp/mem1", "", "/", "/tmp", "/dev/console", "vm.vkernel_enable", "/bin/sh", "x"];

    /// <summary>A hostile value for an argument of kind <paramref name="format"/>.</summary>
    public static long Value(SplitMix64 rng, ArgFormat format) => rng.Below(3) switch
    {
        0 => Words[rng.Below((ulong)Words.Length)],
        1 => format switch
        {
            ArgFormat.Prot or ArgFormat.Access => (long)rng.Below(16),
            ArgFormat.MapFlags or ArgFormat.OFlags => (long)rng.Next() & (long)rng.Next() & 0x3_ffff,
            ArgFormat.Madv or ArgFormat.Cmd or ArgFormat.Signal => (long)rng.Below(72) - 2,
            ArgFormat.Trap => (long)rng.Below(40),
            _ => (long)(rng.Below(1UL << 36) << 12),
        },
        _ => (long)(rng.Below(64) << 12) + (rng.Below(2) == 0 ? 0 : (long)rng.Below(0x1000)),
    };

    /// <summary>A hostile string argument.</summary>
    public static string Text(SplitMix64 rng) => Strings[rng.Below((ulong)Strings.Length)];

    /// <summary>One step: a random row of the table that <paramref name="td"/> can make in its state (guest events
    /// inside a vmspace, system calls and user accesses outside), every argument hostile. Forks and LWPs stay
    /// within the generator's bounds; the last process does not exit here.</summary>
    public static void Step(Machine m, SplitMix64 rng, Lwp td, Fuzzer.Doer Do)
    {
        var all = Sysent.All;
        var spec = all[(int)rng.Below((ulong)all.Count)];
        if ((spec.Kind == CallKind.Guest) != td.InVmspace) return;
        switch (spec.Name)
        {
            case "fork" when m.Procs.Count >= 6:
            case "lwp_create" when td.lwp_proc.p_lwp_tree.Count >= 4:
            case "exit" when m.Procs.Count <= 1:
                return;
        }
        var args = new List<long>(spec.Visible.Count);
        string? str = null;
        foreach (var field in spec.Visible)
        {
            if (field.Format == ArgFormat.Str) str = Text(rng);
            else args.Add(Value(rng, field.Format));
        }
        Do(td, spec, args.ToArray(), str);
    }
}
