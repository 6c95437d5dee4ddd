// Models sys/cpu/x86_64/include/param.h and sys/platform/pc64/include/vmparam.h (a2ee730d). Faithful.
namespace Workbench.Kernel.Sys;

/// <summary>Machine constants of the pc64 host (spec §5.3).</summary>
public static class Param
{
    public const int PAGE_SHIFT = 12;
    public const ulong PAGE_SIZE = 1UL << PAGE_SHIFT;
    public const ulong PAGE_MASK = PAGE_SIZE - 1;
    public const int SEG_SHIFT = 21;
    public const ulong SEG_SIZE = 1UL << SEG_SHIFT;
    /// <summary>NBPDR: bytes mapped by one page-directory entry (2 MiB).</summary>
    public const ulong NBPDR = SEG_SIZE;

    public const ulong VM_MIN_USER_ADDRESS = 0;
    /// <summary>256 PML4 slots of 512 GiB: 0x0000_8000_0000_0000.</summary>
    public const ulong VM_MAX_USER_ADDRESS = 0x0000_8000_0000_0000UL;

    /// <summary>MAXDSIZ on x86_64: 32 GiB (kern.maxdsiz default).</summary>
    public const ulong MAXDSIZ = 32UL << 30;

    public static ulong trunc_page(ulong x) => x & ~PAGE_MASK;
    public static ulong round_page(ulong x) => (x + PAGE_MASK) & ~PAGE_MASK;
    public static ulong atop(ulong x) => x >> PAGE_SHIFT;
    public static ulong ptoa(ulong x) => x << PAGE_SHIFT;
}
