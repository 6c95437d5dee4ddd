// Models struct sysent (sys/sys/sysent.h): one row of the system call table, as read from its SysProto struct.
namespace Workbench.Kernel.Kern;

/// <summary><c>struct sysent</c>: the number, C name, argument fields and twin of one call (or guest or user
/// event). Built by <see cref="Sysent"/> from a <see cref="SysProto"/> struct.</summary>
public sealed class SysentEntry
{
    internal SysentEntry(Sysno no, string name, CallKind kind, ArgFormat result,
        IReadOnlyList<SyscallArg> args, Func<Machine, Lwp, SyscallRequest, SysResult> call)
    {
        No = no; Name = name; Kind = kind; Result = result; Args = args; sy_call = call;
        Visible = args.Where(a => a.Visible).ToArray();
        MinArgs = Visible.Count(a => !a.Optional);
        IdSlot = Field("id")?.Slot ?? -1;
        _sizeOf = args.Where(a => a.SizeOf is not null).Select(a => (a.Slot, NumericIndex(a.SizeOf!))).ToArray();
    }

    // Derived fields (sysctl's newlen): their slot and the visible integer field whose presence sets them.
    readonly (int Slot, int Of)[] _sizeOf;

    /// <summary>The call number.</summary>
    public Sysno No { get; }

    /// <summary>The C name ("vmspace_mmap", "sysctl", "lwp_exit").</summary>
    public string Name { get; }

    /// <summary>System call, guest event or user access.</summary>
    public CallKind Kind { get; }

    /// <summary>How a successful value prints.</summary>
    public ArgFormat Result { get; }

    /// <summary>Every field, in declaration order.</summary>
    public IReadOnlyList<SyscallArg> Args { get; }

    /// <summary>The fields a caller or script writes, in order (<c>narg</c> as strace shows it).</summary>
    public IReadOnlyList<SyscallArg> Visible { get; }

    /// <summary>How many leading visible fields a caller must give.</summary>
    public int MinArgs { get; }

    /// <summary>The register slot of the vmspace <c>id</c> field (the vmspace_* calls), or -1.</summary>
    public int IdSlot { get; }

    /// <summary><c>sy_call</c>: decodes the request into the <c>*_args</c> struct and runs the twin.</summary>
    internal Func<Machine, Lwp, SyscallRequest, SysResult> sy_call { get; }

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public SyscallArg? Field(string name) => Args.FirstOrDefault(a => a.Name == name);

    /// <summary>Not in the C: builds the request from the values of the visible integer fields in order (what a
    /// script line or the fuzzer writes, without the string) and the string argument. Missing optional fields are
    /// 0; derived fields (sysctl's newlen) are filled in.</summary>
    public SyscallRequest Request(ReadOnlySpan<long> values, string? str = null)
    {
        Span<long> w = stackalloc long[SyscallRequest.MaxWords];
        int k = 0;
        foreach (var a in Visible)
        {
            if (a.Slot < 0) continue;
            if (k < values.Length) w[a.Slot] = values[k];
            k++;
        }
        foreach (var (slot, of) in _sizeOf)
            if (of >= 0 && of < values.Length)
                w[slot] = sizeof(long);
        return new SyscallRequest(No, w[0], w[1], w[2], w[3], w[4], w[5], w[6], str);
    }

    /// <summary>The position of a visible integer field among the visible integer fields, or -1.</summary>
    int NumericIndex(string name)
    {
        int k = 0;
        foreach (var a in Visible)
        {
            if (a.Slot < 0) continue;
            if (a.Name == name) return k;
            k++;
        }
        return -1;
    }

    public override string ToString() => $"{(int)No} {Name}({string.Join(", ", Args.Select(a => $"{a.CType} {a.Name}"))})";
}
