// Models what syscall2 (sys/platform/pc64/x86_64/trap.c, a2ee730d) reads from the trapframe: the call number and
// the argument registers, before they are copied into the call's *_args struct.
namespace Workbench.Kernel.Kern;

/// <summary>One call as it reaches the dispatch point: its number and up to seven 64-bit argument words in the
/// order of its <c>*_args</c> fields (<see cref="SysProto"/>), plus the one string argument (simplified: the model
/// passes the path itself instead of a user pointer to copy in). Model code never reads the words: each twin gets
/// its typed <c>*_args</c> struct from <see cref="Sysent"/>. Observers and tests may: a word is what the register
/// held, so an <c>int</c> field keeps only its low 32 bits when decoded, as in the C.</summary>
public readonly struct SyscallRequest
{
    readonly long _w0, _w1, _w2, _w3, _w4, _w5, _w6;

    /// <summary>A request from raw argument words (what a test writes to probe the upper halves of registers).</summary>
    public SyscallRequest(Sysno no, long w0 = 0, long w1 = 0, long w2 = 0, long w3 = 0, long w4 = 0, long w5 = 0, long w6 = 0, string? str = null)
    {
        No = no; _w0 = w0; _w1 = w1; _w2 = w2; _w3 = w3; _w4 = w4; _w5 = w5; _w6 = w6; Str = str;
    }

    /// <summary>The most argument words a call has.</summary>
    public const int MaxWords = 7;

    /// <summary>The call number.</summary>
    public Sysno No { get; }

    /// <summary>The string argument (path, sysctl name), or null.</summary>
    public string? Str { get; }

    /// <summary>Argument word <paramref name="slot"/> (0..6) as the register held it.</summary>
    public long Word(int slot) => slot switch
    {
        0 => _w0, 1 => _w1, 2 => _w2, 3 => _w3, 4 => _w4, 5 => _w5, 6 => _w6,
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    /// <summary>The table row of this call.</summary>
    public SysentEntry Entry => Sysent.Of(No);

    /// <summary>The C name ("vmspace_create", "lwp_exit", "sysctl").</summary>
    public string Name => Entry.Name;
}
