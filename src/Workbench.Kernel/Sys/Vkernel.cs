// Models sys/sys/vmspace.h, sys/sys/vkernel.h (VPTE bits) and sys/cpu/x86_64/include/{trap.h,frame.h,psl.h} (a2ee730d). Faithful.
namespace Workbench.Kernel.Sys;

/// <summary>Constants of the vkernel interface: ctl commands, 2012 VPTE bits, trap numbers, PGEX bits (spec §5.2-§5.3).</summary>
public static class Vk
{
    /// <summary><c>VMSPACE_CTL_RUN</c>: the only command of vmspace_ctl.</summary>
    public const int VMSPACE_CTL_RUN = 1;
    // Defined in sys/vmspace.h but never used by the kernel (spec §5.2).
    public const int VMSPACE_PAGEFAULT = 1, VMSPACE_TIMEOUT = 2, VMSPACE_TRAP = 3, VMSPACE_SYSCALL = 4;

    // VPTE bits, 2012 layout (sys/vkernel.h @ a2ee730d).
    public const ulong VPTE_V = 0x001, VPTE_PS = 0x002, VPTE_R = 0x004, VPTE_W = 0x008, VPTE_X = 0x010;
    public const ulong VPTE_A = 0x020, VPTE_M = 0x040, VPTE_U = 0x080, VPTE_MANAGED = 0x100, VPTE_G = 0x200, VPTE_WIRED = 0x400;
    public const int VPTE_FRAME_END = 48, VPTE_PAGE_BITS = 9, VPTE_PAGE_ENTRIES = 512;
    public const ulong VPTE_FRAME = 0x000F_FFFF_FFFF_F000UL;

    // Trap numbers (x86_64 trap.h).
    public const int T_PRIVINFLT = 1, T_BPTFLT = 3, T_ARITHTRAP = 6, T_ASTFLT = 7, T_PROTFLT = 9, T_TRCTRAP = 10;
    public const int T_PAGEFLT = 12, T_ALIGNFLT = 14, T_DIVIDE = 18, T_NMI = 19, T_OFLOW = 20, T_BOUND = 21;
    public const int T_DNA = 22, T_DOUBLEFLT = 23, T_FPOPFLT = 24, T_TSSFLT = 25, T_SEGNPFLT = 26, T_STKFLT = 27;
    public const int T_MCHK = 28, T_XMMFLT = 29, T_RESERVED = 30;
    public const int T_SYSCALL80 = 0x80, T_FAST_SYSCALL = 0x81;

    // Page-fault error code bits; PGEX_FPFAULT is a software flag carried in tf_xflags.
    public const int PGEX_P = 0x01, PGEX_W = 0x02, PGEX_U = 0x04, PGEX_RSV = 0x08, PGEX_I = 0x10, PGEX_FPFAULT = 0x80;

    // psl.h
    public const ulong PSL_C = 0x1, PSL_RESERVED_DEFAULT = 0x2, PSL_I = 0x200, PSL_RF = 0x10000, PSL_VM = 0x20000;
    public const ulong PSL_USERCHANGE = 0x244DD5;

    // Segment selectors forced by cpu_sanitize_frame: GSEL(GUCODE_SEL=5, SEL_UPL), GSEL(GUDATA_SEL=4, SEL_UPL) [inferred from the FreeBSD-derived pc64 GDT layout].
    public const ulong GUCODE_SEL_UPL = 0x2b, GUDATA_SEL_UPL = 0x23;
}
