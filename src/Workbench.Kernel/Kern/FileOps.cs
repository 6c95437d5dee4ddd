// Models open (kern_open/vn_open), close (kern_close) and ftruncate (kern_ftruncate) of DragonFly a2ee730d for the
// memory-image file the vkernel maps. Simplified: a flat namespace, no permissions (every caller is root).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;

namespace Workbench.Kernel;

public sealed partial class Machine
{
    /// <summary><c>open(path, flags, mode)</c> (5): O_CREAT makes a regular file, O_EXCL refuses an existing one,
    /// O_TRUNC empties a regular file opened for writing. Returns the lowest free descriptor. No requirements.</summary>
    internal int sys_open(Lwp td, ref SysProto.OpenArgs uap)
    {
        int oflags = uap.flags;
        var path = uap.path;
        if (string.IsNullOrEmpty(path) || path[0] != '/')
            return ENOENT;
        if ((oflags & Fcntl.O_ACCMODE) == Fcntl.O_ACCMODE)
            return EINVAL;
        int fflags = Fcntl.FFLAGS(oflags) & (Fcntl.FREAD | Fcntl.FWRITE);
        var vp = Vfs.Lookup(path);
        if (vp is null)
        {
            if ((oflags & Fcntl.O_CREAT) == 0)
                return ENOENT;
            vp = Vfs.NewRegular(path);
            Vfs.Add(vp);
        }
        else if ((oflags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL))
        {
            return EEXIST;
        }
        if (vp.v_type == VType.VDIR && (fflags & Fcntl.FWRITE) != 0)
            return EISDIR;
        if (vp.v_type == VType.VREG && (oflags & Fcntl.O_TRUNC) != 0 && (fflags & Fcntl.FWRITE) != 0)
            VnodePager.vnode_truncate(this, vp, 0);
        int fd = td.lwp_proc.p_fd.Alloc(new Kern.File(DType.DTYPE_VNODE, fflags, vp));
        if (fd < 0)
            return EMFILE;
        uap.sysmsg_result = fd;
        return 0;
    }

    /// <summary><c>close(fd)</c> (6): EBADF for a descriptor that is not open. Mappings keep the file alive.</summary>
    internal int sys_close(Lwp td, ref SysProto.CloseArgs uap)
    {
        var fdp = td.lwp_proc.p_fd;
        if (fdp.Get(uap.fd) is null)
            return EBADF;
        fdp.Close(uap.fd);
        return 0;
    }

    /// <summary><c>ftruncate(fd, length)</c> (201): EBADF for a bad descriptor, EINVAL for a negative length or a
    /// file not open for writing or not a regular file. Sets the file size through the vnode pager.</summary>
    internal int sys_ftruncate(Lwp td, ref SysProto.FtruncateArgs uap)
    {
        long length = uap.length;
        if (length < 0)
            return EINVAL;
        var fp = td.lwp_proc.p_fd.Get(uap.fd);
        if (fp is null)
            return EBADF;
        if ((fp.f_flag & Fcntl.FWRITE) == 0)
            return EINVAL;
        var vp = fp.f_data;
        if (vp is null || vp.v_type != VType.VREG)
            return vp?.v_type == VType.VDIR ? EISDIR : EINVAL;
        return VnodePager.vnode_truncate(this, vp, (ulong)length);
    }
}
