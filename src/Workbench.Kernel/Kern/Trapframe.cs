// Models sys/cpu/x86_64/include/frame.h (struct trapframe) and sys/sys/tls.h (struct savetls), a2ee730d. Faithful layout.
namespace Workbench.Kernel.Kern;

/// <summary><c>struct trapframe</c> (x86_64): 25 registers of 8 bytes, 200 bytes, in the kernel's field order (spec §2.3 e).</summary>
public sealed class Trapframe
{
    public const int Size = 200;
    public const int tf_rdi = 0, tf_rsi = 1, tf_rdx = 2, tf_rcx = 3, tf_r8 = 4, tf_r9 = 5, tf_rax = 6, tf_rbx = 7, tf_rbp = 8;
    public const int tf_r10 = 9, tf_r11 = 10, tf_r12 = 11, tf_r13 = 12, tf_r14 = 13, tf_r15 = 14;
    public const int tf_xflags = 15, tf_trapno = 16, tf_addr = 17, tf_flags = 18, tf_err = 19;
    public const int tf_rip = 20, tf_cs = 21, tf_rflags = 22, tf_rsp = 23, tf_ss = 24;

    public static readonly string[] FieldNames =
    [
        "rdi", "rsi", "rdx", "rcx", "r8", "r9", "rax", "rbx", "rbp", "r10", "r11", "r12", "r13", "r14", "r15",
        "xflags", "trapno", "addr", "flags", "err", "rip", "cs", "rflags", "rsp", "ss",
    ];

    public readonly ulong[] R = new ulong[25];

    public ulong this[int field] { get => R[field]; set => R[field] = value; }

    /// <summary><c>bcopy(src, this, sizeof(struct trapframe))</c>.</summary>
    public void CopyFrom(Trapframe src) => Array.Copy(src.R, R, R.Length);

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        for (int i = 0; i < R.Length; i++) BitConverter.TryWriteBytes(b.AsSpan(i * 8, 8), R[i]);
        return b;
    }

    public void FromBytes(ReadOnlySpan<byte> b)
    {
        for (int i = 0; i < R.Length; i++) R[i] = BitConverter.ToUInt64(b.Slice(i * 8, 8));
    }
}
