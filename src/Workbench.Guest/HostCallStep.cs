// A vkernel host call described rather than made: what a caller that issues calls itself (the fuzzer, which writes
// each call as a scenario line) needs to follow a layout Workbench.Guest owns. Not in the C.
namespace Workbench.Guest;

/// <summary>One host system call to make: its C name (<c>"vmspace_mmap"</c>) and its arguments in the order of the
/// C <c>*_args</c> struct (for vmspace_mmap: id, addr, len, prot, flags, fd, offset). Immutable.</summary>
public readonly record struct HostCallStep(string Name, IReadOnlyList<long> Args)
{
    /// <summary>The call as a scenario line spells it, arguments in hex: <c>vmspace_mmap(0x1000, 0x0, ...)</c>.</summary>
    public override string ToString() => $"{Name}({string.Join(", ", Args.Select(a => $"0x{a:x}"))})";
}
