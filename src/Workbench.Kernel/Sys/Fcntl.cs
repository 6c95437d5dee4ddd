// Models sys/sys/fcntl.h and sys/sys/file.h open modes (DragonFly). Faithful for the flags modelled.
namespace Workbench.Kernel.Sys;

/// <summary><c>sys/fcntl.h</c>: open flags and the FREAD/FWRITE file modes they become.</summary>
public static class Fcntl
{
    public const int O_RDONLY = 0x0000, O_WRONLY = 0x0001, O_RDWR = 0x0002, O_ACCMODE = 0x0003;
    public const int O_NONBLOCK = 0x0004, O_APPEND = 0x0008, O_CREAT = 0x0200, O_TRUNC = 0x0400, O_EXCL = 0x0800;
    public const int FREAD = 0x0001, FWRITE = 0x0002;

    /// <summary>FFLAGS(): O_RDONLY/O_WRONLY/O_RDWR become FREAD/FWRITE bits.</summary>
    public static int FFLAGS(int oflags) => oflags + 1;
}
