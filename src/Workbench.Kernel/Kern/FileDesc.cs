// Models struct filedesc (sys/sys/filedesc.h, a2ee730d): a process's descriptor table.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>struct filedesc</c>: a process's descriptor table.</summary>
public sealed class FileDesc
{
    public const int MaxFiles = 1024;
    readonly SortedDictionary<int, File> _files = new();

    /// <summary>Open descriptors in ascending order.</summary>
    public IEnumerable<KeyValuePair<int, File>> Open => _files;

    public int Count => _files.Count;

    /// <summary><c>holdfp</c>: the file behind <paramref name="fd"/>, or null (EBADF for the caller).</summary>
    public File? Get(long fd) => fd >= 0 && fd < MaxFiles && _files.TryGetValue((int)fd, out var f) ? f : null;

    /// <summary><c>fdalloc</c>: the lowest free descriptor, or -1 when the table is full.</summary>
    internal int Alloc(File f)
    {
        for (int fd = 0; fd < MaxFiles; fd++)
            if (!_files.ContainsKey(fd)) { _files[fd] = f; return fd; }
        return -1;
    }

    internal bool Close(int fd) => _files.Remove(fd);

    /// <summary><c>fdcopy</c> at fork: the child shares every open file.</summary>
    internal FileDesc Copy()
    {
        var c = new FileDesc();
        foreach (var (fd, f) in _files) { f.f_count++; c._files[fd] = f; }
        return c;
    }

    internal void CloseAll() => _files.Clear();

    /// <summary>Not in the C as one function: the table a process inherits from init and login, with descriptors 0, 1
    /// and 2 (stdin, stdout, stderr) open read-write on <paramref name="console"/>, so its first open returns 3.</summary>
    internal static FileDesc WithStdio(Vnode console)
    {
        var fdp = new FileDesc();
        for (int fd = 0; fd < 3; fd++)
            fdp.Alloc(new File(DType.DTYPE_VNODE, Fcntl.FREAD | Fcntl.FWRITE, console));
        return fdp;
    }
}
