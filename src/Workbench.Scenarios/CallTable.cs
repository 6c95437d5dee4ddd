// The calls a scenario script may make: their C names, argument kinds (for parsing and strace-style printing) and
// how they reach the model (a system call on the dispatch point, or a guest event).
using Workbench.Kernel.Kern;

namespace Workbench.Scenarios;

/// <summary>How an argument is printed in a trace (and what a bare symbol in it means).</summary>
public enum ArgKind { Int, Hex, Ptr, Prot, MapFlags, Madv, OFlags, Cmd, Trap, Str, Access, Signal }

/// <summary>One callable name of the scenario language. <paramref name="GuestEvent"/>: runs on a thread inside a
/// vmspace; <paramref name="UserMemory"/>: a user-mode load/store of the vkernel (a thread not inside a vmspace, not
/// a system call); <paramref name="ResultKind"/>: how a successful result prints (default: decimal, or hex).</summary>
public sealed record CallSpec(string Name, Sysno No, ArgKind[] Args, int MinArgs, bool GuestEvent = false, bool HexResult = false,
    bool UserMemory = false, ArgKind? ResultKind = null)
{
    public int MaxArgs => Args.Length;
}

/// <summary>Every call of the scenario language, by name.</summary>
public static class CallTable
{
    static readonly CallSpec[] Specs =
    [
        new("vmspace_create", Sysno.vmspace_create, [ArgKind.Ptr, ArgKind.Int, ArgKind.Int], 3),
        new("vmspace_destroy", Sysno.vmspace_destroy, [ArgKind.Ptr], 1),
        new("vmspace_ctl", Sysno.vmspace_ctl, [ArgKind.Ptr, ArgKind.Cmd, ArgKind.Ptr, ArgKind.Ptr], 4),
        new("vmspace_mmap", Sysno.vmspace_mmap, [ArgKind.Ptr, ArgKind.Ptr, ArgKind.Hex, ArgKind.Prot, ArgKind.MapFlags, ArgKind.Int, ArgKind.Hex], 7, HexResult: true),
        new("vmspace_munmap", Sysno.vmspace_munmap, [ArgKind.Ptr, ArgKind.Ptr, ArgKind.Hex], 3),
        new("vmspace_mcontrol", Sysno.vmspace_mcontrol, [ArgKind.Ptr, ArgKind.Ptr, ArgKind.Hex, ArgKind.Madv, ArgKind.Hex], 5),
        new("vmspace_pread", Sysno.vmspace_pread, [ArgKind.Ptr, ArgKind.Ptr, ArgKind.Hex, ArgKind.Int, ArgKind.Hex], 5),
        new("vmspace_pwrite", Sysno.vmspace_pwrite, [ArgKind.Ptr, ArgKind.Ptr, ArgKind.Hex, ArgKind.Int, ArgKind.Hex], 5),
        new("sysctl", Sysno.__sysctl, [ArgKind.Str, ArgKind.Int], 1),
        new("mmap", Sysno.mmap, [ArgKind.Ptr, ArgKind.Hex, ArgKind.Prot, ArgKind.MapFlags, ArgKind.Int, ArgKind.Hex], 6, HexResult: true),
        new("munmap", Sysno.munmap, [ArgKind.Ptr, ArgKind.Hex], 2),
        new("madvise", Sysno.madvise, [ArgKind.Ptr, ArgKind.Hex, ArgKind.Madv], 3),
        new("mcontrol", Sysno.mcontrol, [ArgKind.Ptr, ArgKind.Hex, ArgKind.Madv, ArgKind.Hex], 4),
        new("open", Sysno.open, [ArgKind.Str, ArgKind.OFlags, ArgKind.Int], 2),
        new("ftruncate", Sysno.ftruncate, [ArgKind.Int, ArgKind.Hex], 2),
        new("close", Sysno.close, [ArgKind.Int], 1),
        new("fork", Sysno.fork, [], 0),
        new("execve", Sysno.execve, [ArgKind.Str, ArgKind.Ptr, ArgKind.Ptr], 1),
        new("exit", Sysno.exit, [ArgKind.Int], 0),
        new("lwp_create", Sysno.lwp_create, [], 0),
        new("lwp_exit", Sysno.extexit_lwp, [], 0),
        new("guest_trap", Sysno.guest_trap, [ArgKind.Trap], 1, GuestEvent: true),
        new("guest_access", Sysno.guest_access, [ArgKind.Ptr, ArgKind.Access], 2, GuestEvent: true, ResultKind: ArgKind.Trap),
        new("guest_signal", Sysno.guest_signal, [ArgKind.Signal], 1, GuestEvent: true),
        new("poke", Sysno.poke, [ArgKind.Ptr, ArgKind.Hex], 2, UserMemory: true),
        new("peek", Sysno.peek, [ArgKind.Ptr], 1, HexResult: true, UserMemory: true),
    ];

    static readonly Dictionary<string, CallSpec> ByName = Specs.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static IReadOnlyList<CallSpec> All => Specs;

    public static CallSpec? Find(string name) => ByName.GetValueOrDefault(name);
}
