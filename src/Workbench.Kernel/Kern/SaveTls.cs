// Models struct savetls (sys/sys/tls.h, a2ee730d), the vx_tls of struct vextframe. Faithful layout.
namespace Workbench.Kernel.Kern;

/// <summary><c>struct savetls</c> (x86_64): two {base, size} descriptors for fs and gs, 32 bytes. <c>struct vextframe</c> holds only this.</summary>
public sealed class SaveTls
{
    public const int Size = 32;
    public readonly ulong[] Words = new ulong[4];

    public void CopyFrom(SaveTls src) => Array.Copy(src.Words, Words, Words.Length);

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        for (int i = 0; i < Words.Length; i++) BitConverter.TryWriteBytes(b.AsSpan(i * 8, 8), Words[i]);
        return b;
    }

    public void FromBytes(ReadOnlySpan<byte> b)
    {
        for (int i = 0; i < Words.Length; i++) Words[i] = BitConverter.ToUInt64(b.Slice(i * 8, 8));
    }
}
