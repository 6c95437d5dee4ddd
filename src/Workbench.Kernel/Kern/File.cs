// Models struct file, struct filedesc and a minimal in-memory VFS (sys/sys/file.h, sys/sys/vnode.h). Simplified:
// no directories beyond a flat namespace, no permissions, no I/O other than through mappings and ftruncate.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

/// <summary><c>enum vtype</c>.</summary>
public enum VType { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO }

/// <summary><c>struct vnode</c>: a file. VREG files keep their bytes in <see cref="v_object"/> (sparse pages).</summary>
public sealed class Vnode
{
    internal Vnode(string path, VType type) { Path = path; v_type = type; }

    public string Path { get; }
    public VType v_type { get; }

    /// <summary><c>v_object</c>: the file's VM object (VREG only). Its size follows the file size.</summary>
    public VmObject? v_object { get; internal set; }

    /// <summary>File size in bytes (<c>va_size</c>).</summary>
    public ulong Size { get; internal set; }

    /// <summary>SF_IMMUTABLE|SF_APPEND-style flags (<c>va_flags</c>): a shared writable mapping gets EPERM.</summary>
    public bool ImmutableOrAppend { get; internal set; }

    /// <summary>VCHR: the device was revoked (<c>v_rdev == NULL</c>).</summary>
    public bool Revoked { get; internal set; }

    /// <summary>VCHR: the device is /dev/zero (mapped as anonymous memory).</summary>
    public bool IsDevZero { get; internal set; }

    /// <summary>VCHR: the device has a d_mmap routine (device pager succeeds).</summary>
    public bool DeviceMmap { get; internal set; }
}

/// <summary>DTYPE_* of <c>struct file</c>.</summary>
public enum DType { DTYPE_VNODE = 1, DTYPE_SOCKET = 2, DTYPE_PIPE = 3 }

/// <summary><c>struct file</c>: an open file. Shared between processes after fork.</summary>
public sealed class File
{
    internal File(DType type, int flags, Vnode? vnode) { f_type = type; f_flag = flags; f_data = vnode; }

    public DType f_type { get; }
    /// <summary>FREAD / FWRITE.</summary>
    public int f_flag { get; }
    public Vnode? f_data { get; }
    internal int f_count = 1;
}

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

/// <summary>A flat in-memory namespace of vnodes. Starts with the device nodes the mmap checks need (spec §2.4.1 item 7):
/// /dev/zero (anonymous), /dev/mem (mappable device), /dev/null (no d_mmap: device pager fails), /dev/revoked,
/// /tmp (a directory), /tmp/fifo (not mappable), /etc/immutable (SF_IMMUTABLE), /bin/sh, /usr/bin/vkernel to exec, and
/// /dev/console (no d_mmap), on which the first process's descriptors 0, 1 and 2 are open.</summary>
public sealed class Vfs
{
    readonly SortedDictionary<string, Vnode> _nodes = new(StringComparer.Ordinal);

    internal Vfs()
    {
        Add(new Vnode("/dev/zero", VType.VCHR) { IsDevZero = true, DeviceMmap = true });
        Add(new Vnode("/dev/mem", VType.VCHR) { DeviceMmap = true });
        Add(new Vnode("/dev/null", VType.VCHR));
        Add(new Vnode("/dev/revoked", VType.VCHR) { Revoked = true });
        Add(new Vnode("/dev/console", VType.VCHR));
        Add(new Vnode("/tmp", VType.VDIR));
        Add(new Vnode("/tmp/fifo", VType.VFIFO));
        Add(NewRegular("/bin/sh"));          // an executable for execve
        Add(NewRegular("/usr/bin/vkernel")); // the vkernel binary, for scenarios that exec it
        var imm = NewRegular("/etc/immutable");
        imm.ImmutableOrAppend = true;
        Add(imm);
    }

    public IEnumerable<Vnode> Nodes => _nodes.Values;

    public Vnode? Lookup(string path) => _nodes.TryGetValue(path, out var v) ? v : null;

    internal void Add(Vnode v) => _nodes[v.Path] = v;

    internal static Vnode NewRegular(string path)
    {
        var v = new Vnode(path, VType.VREG);
        v.v_object = new VmObject(ObjType.OBJT_VNODE, 0) { Handle = v };
        return v;
    }
}
