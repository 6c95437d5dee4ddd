// Not in the C: a minimal in-memory namespace of vnodes, enough for the mmap checks, the memory-image file and exec.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Kern;

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
