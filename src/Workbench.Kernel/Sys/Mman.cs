// Models sys/sys/mman.h, sys/vm/vm.h and sys/vm/vm_param.h constants (a2ee730d). Faithful.
namespace Workbench.Kernel.Sys;

/// <summary><c>sys/mman.h</c> and <c>vm/vm.h</c>: protections, mapping flags, advice, map types (spec §5.2).</summary>
public static class Mman
{
    public const int PROT_NONE = 0x0, PROT_READ = 0x1, PROT_WRITE = 0x2, PROT_EXEC = 0x4;

    public const int VM_PROT_NONE = 0, VM_PROT_READ = 1, VM_PROT_WRITE = 2, VM_PROT_EXECUTE = 4;
    public const int VM_PROT_OVERRIDE_WRITE = 8;
    public const int VM_PROT_ALL = VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE;
    public const int VM_PROT_DEFAULT = VM_PROT_ALL;

    public const int MAP_SHARED = 0x0001, MAP_PRIVATE = 0x0002, MAP_COPY = MAP_PRIVATE;
    public const int MAP_FIXED = 0x0010, MAP_RENAME = 0x0020, MAP_NORESERVE = 0x0040, MAP_INHERIT = 0x0080;
    public const int MAP_NOEXTEND = 0x0100, MAP_HASSEMAPHORE = 0x0200, MAP_STACK = 0x0400, MAP_NOSYNC = 0x0800;
    public const int MAP_FILE = 0x0000, MAP_ANON = 0x1000, MAP_ANONYMOUS = MAP_ANON, MAP_VPAGETABLE = 0x2000;
    public const int MAP_TRYFIXED = 0x10000, MAP_NOCORE = 0x20000, MAP_SIZEALIGN = 0x40000;
    public const long MAP_FAILED = -1;

    public const int MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2, MADV_WILLNEED = 3, MADV_DONTNEED = 4;
    public const int MADV_FREE = 5, MADV_NOSYNC = 6, MADV_AUTOSYNC = 7, MADV_NOCORE = 8, MADV_CORE = 9;
    public const int MADV_INVAL = 10, MADV_SETMAP = 11;
    public const int MADV_CONTROL_START = MADV_INVAL, MADV_CONTROL_END = MADV_SETMAP;

    /// <summary><c>vm_maptype_t</c> (vm/vm.h).</summary>
    public const int VM_MAPTYPE_UNSPECIFIED = 0, VM_MAPTYPE_NORMAL = 1, VM_MAPTYPE_VPAGETABLE = 2, VM_MAPTYPE_SUBMAP = 3;

    /// <summary><c>vm_inherit_t</c> (vm/vm_inherit.h).</summary>
    public const int VM_INHERIT_SHARE = 0, VM_INHERIT_COPY = 1, VM_INHERIT_NONE = 2;
    public const int VM_INHERIT_DEFAULT = VM_INHERIT_COPY;

    /// <summary>Mach return codes (vm/vm_param.h).</summary>
    public const int KERN_SUCCESS = 0, KERN_INVALID_ADDRESS = 1, KERN_PROTECTION_FAILURE = 2, KERN_NO_SPACE = 3;
    public const int KERN_INVALID_ARGUMENT = 4, KERN_FAILURE = 5, KERN_TRY_AGAIN = 9;
}
