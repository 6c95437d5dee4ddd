using Workbench.Kernel.Tests.Vkernel;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Fcntl;

namespace Workbench.Kernel.Tests.Kern;

/// <summary>open, close, ftruncate and sysctl as the vkernel uses them for its memory image.</summary>
public class FileOpsTests
{
    [Fact]
    public void open_without_O_CREAT_of_a_missing_file_returns_ENOENT()
    {
        var b = new Boot();
        Assert.Equal(ENOENT, b.M.Open(b.Td, "/tmp/none", O_RDWR).Error);
    }

    [Fact]
    public void a_process_starts_with_descriptors_0_1_and_2_open_so_the_first_open_returns_3()
    {
        var b = new Boot();
        Assert.Equal([0, 1, 2], b.Td.lwp_proc.p_fd.Open.Select(kv => kv.Key));
        Assert.All(b.Td.lwp_proc.p_fd.Open, kv => Assert.Equal("/dev/console", kv.Value.f_data!.Path));
        Assert.Equal(3, b.M.Open(b.Td, "/tmp/a", O_RDWR | O_CREAT).Value);
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        Assert.Equal(4, b.M.Open(child, "/tmp/a", O_RDONLY).Value);   // fork copies the table: 0-3 taken
    }

    [Fact]
    public void open_returns_the_lowest_free_descriptor_and_close_frees_it()
    {
        var b = new Boot();
        Assert.Equal(3, b.M.Open(b.Td, "/tmp/a", O_RDWR | O_CREAT).Value);
        Assert.Equal(4, b.M.Open(b.Td, "/tmp/a", O_RDONLY).Value);
        Assert.Equal(0, b.M.Close(b.Td, 0).Error);
        Assert.Equal(0, b.M.Open(b.Td, "/tmp/a", O_RDONLY).Value);
        Assert.Equal(EBADF, b.M.Close(b.Td, 7).Error);
        Assert.Equal(EBADF, b.M.Close(b.Td, -1).Error);
    }

    [Fact]
    public void open_of_a_directory_for_writing_returns_EISDIR_which_has_a_name_and_a_message()
    {
        var b = new Boot();
        Assert.Equal(EISDIR, b.M.Open(b.Td, "/tmp", O_RDWR).Error);
        Assert.Equal(3, b.M.Open(b.Td, "/tmp", O_RDONLY).Value);
        Assert.Equal("EISDIR", Name(EISDIR));
        Assert.Equal("Is a directory", Message(EISDIR));
    }

    [Fact]
    public void open_with_O_CREAT_and_O_EXCL_of_an_existing_file_returns_EEXIST()
    {
        var b = new Boot();
        b.M.Open(b.Td, "/tmp/a", O_RDWR | O_CREAT);
        Assert.Equal(EEXIST, b.M.Open(b.Td, "/tmp/a", O_RDWR | O_CREAT | O_EXCL).Error);
    }

    [Fact]
    public void ftruncate_sets_the_size_and_refuses_read_only_descriptors_negative_lengths_and_bad_fds()
    {
        var b = new Boot();
        int rw = (int)b.M.Open(b.Td, "/tmp/mem", O_RDWR | O_CREAT).Value;
        int ro = (int)b.M.Open(b.Td, "/tmp/mem", O_RDONLY).Value;
        Assert.Equal(0, b.M.Ftruncate(b.Td, rw, 0x5000).Error);
        Assert.Equal(0x5000UL, b.M.Vfs.Lookup("/tmp/mem")!.Size);
        Assert.Equal(EINVAL, b.M.Ftruncate(b.Td, ro, 0x1000).Error);
        Assert.Equal(EINVAL, b.M.Ftruncate(b.Td, rw, -1).Error);
        Assert.Equal(EBADF, b.M.Ftruncate(b.Td, 9, 0x1000).Error);
    }

    [Fact]
    public void fork_shares_open_files_and_exit_closes_them()
    {
        var b = new Boot();
        int fd = (int)b.M.Open(b.Td, "/tmp/a", O_RDWR | O_CREAT).Value;
        var child = b.M.FindLwp((int)b.M.Fork(b.Td).Value)!;
        Assert.Same(b.Td.lwp_proc.p_fd.Get(fd), child.lwp_proc.p_fd.Get(fd));
        b.M.Exit(child);
        Assert.NotNull(b.Td.lwp_proc.p_fd.Get(fd));
    }

    [Fact]
    public void sysctl_reads_and_sets_vm_vkernel_enable_and_returns_ENOENT_for_an_unknown_name()
    {
        var b = new Boot(vkernelEnable: 0);
        Assert.Equal(0, b.M.SysctlGet(b.Td, "vm.vkernel_enable").Value);
        Assert.Equal(0, b.M.SysctlSet(b.Td, "vm.vkernel_enable", 1).Error);
        Assert.Equal(1, b.M.SysctlGet(b.Td, "vm.vkernel_enable").Value);
        Assert.Equal(ENOENT, b.M.SysctlGet(b.Td, "vm.nope").Error);
    }
}
