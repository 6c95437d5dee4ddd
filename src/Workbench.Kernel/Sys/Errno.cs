// Models sys/sys/errno.h: the errno values this subsystem returns (DragonFly a2ee730d, 2011-12). Faithful.
namespace Workbench.Kernel.Sys;

/// <summary><c>sys/errno.h</c>: DragonFly errno numbers, names and <c>strerror</c> texts (spec §5.1).</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int EISDIR = 21;
    public const int EFBIG = 27;
    public const int ESRCH = 3;
    public const int EAGAIN = 35;
    public const int EOPNOTSUPP = 45;
    public const int ENOTSUP = EOPNOTSUPP;
    public const int ENAMETOOLONG = 63;
    public const int ENOSYS = 78;

    /// <summary>Syscall layer: rewind rip and restart the call.</summary>
    public const int ERESTART = -1;
    /// <summary>Syscall layer: leave the frame untouched (successful VMSPACE_CTL_RUN).</summary>
    public const int EJUSTRETURN = -2;

    static readonly Dictionary<int, (string Name, string Message)> Table = new()
    {
        [0] = ("0", "Success"),
        [EPERM] = ("EPERM", "Operation not permitted"),
        [ENOENT] = ("ENOENT", "No such file or directory"),
        [ESRCH] = ("ESRCH", "No such process"),
        [ENXIO] = ("ENXIO", "Device not configured"),
        [EBADF] = ("EBADF", "Bad file descriptor"),
        [ENOMEM] = ("ENOMEM", "Cannot allocate memory"),
        [EACCES] = ("EACCES", "Permission denied"),
        [EFAULT] = ("EFAULT", "Bad address"),
        [EBUSY] = ("EBUSY", "Device busy"),
        [EEXIST] = ("EEXIST", "File exists"),
        [ENODEV] = ("ENODEV", "Operation not supported by device"),
        [EISDIR] = ("EISDIR", "Is a directory"),
        [EINVAL] = ("EINVAL", "Invalid argument"),
        [EMFILE] = ("EMFILE", "Too many open files"),
        [EFBIG] = ("EFBIG", "File too large"),
        [EAGAIN] = ("EAGAIN", "Resource temporarily unavailable"),
        [EOPNOTSUPP] = ("EOPNOTSUPP", "Operation not supported"),
        [ENAMETOOLONG] = ("ENAMETOOLONG", "File name too long"),
        [ENOSYS] = ("ENOSYS", "Function not implemented"),
        [ERESTART] = ("ERESTART", "Restart syscall"),
        [EJUSTRETURN] = ("EJUSTRETURN", "Just return"),
    };

    /// <summary>The C name of an errno ("EBUSY"), or "E#n" for one this model never returns.</summary>
    public static string Name(int errno) => Table.TryGetValue(errno, out var e) ? e.Name : $"E#{errno}";

    /// <summary>DragonFly's <c>strerror</c> text for an errno.</summary>
    public static string Message(int errno) => Table.TryGetValue(errno, out var e) ? e.Message : $"Unknown error: {errno}";

    /// <summary>Parses an errno name ("EBUSY"); returns false for an unknown one.</summary>
    public static bool TryParse(string name, out int errno)
    {
        foreach (var (k, v) in Table)
            if (v.Name == name && k != 0) { errno = k; return true; }
        errno = 0;
        return false;
    }

    /// <summary>Every named errno, for documentation and parsers.</summary>
    public static IEnumerable<(int Value, string Name)> All => Table.Where(kv => kv.Key != 0).Select(kv => (kv.Key, kv.Value.Name));
}
