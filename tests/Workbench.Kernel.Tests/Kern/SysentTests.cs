// The system call table (SysProto = sysproto.h, Sysent = init_sysent.c): one row per number, the C field names, and
// argument words that decode into the typed *_args struct the way syscall2 copies registers in.
using Workbench.Kernel.Kern;
using static Workbench.Kernel.Kern.SysProto;
using static Workbench.Kernel.Sys.Errno;

namespace Workbench.Kernel.Tests.Kern;

public class SysentTests
{
    [Fact]
    public void sysent_has_exactly_one_row_for_every_sysno_and_one_per_c_name()
    {
        Assert.Equal(Enum.GetValues<Sysno>().Order(), Sysent.All.Select(e => e.No).Order());
        Assert.Equal(Sysent.All.Count, Sysent.All.Select(e => e.Name).Distinct().Count());
        foreach (var e in Sysent.All)
        {
            Assert.Same(e, Sysent.Of(e.No));
            Assert.Same(e, Sysent.Find(e.Name));
        }
    }

    [Fact]
    public void vmspace_mmap_args_keep_the_c_field_names_types_and_register_order()
    {
        var e = Sysent.Of<VmspaceMmapArgs>();
        Assert.Equal("vmspace_mmap", e.Name);
        Assert.Equal(["id", "addr", "len", "prot", "flags", "fd", "offset"], e.Args.Select(a => a.Name));
        Assert.Equal(["void *", "void *", "size_t", "int", "int", "int", "off_t"], e.Args.Select(a => a.CType));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], e.Args.Select(a => a.Slot));
        Assert.Equal(0, e.IdSlot);
    }

    [Fact]
    public void a_typed_args_struct_encodes_to_the_words_its_fields_hold()
    {
        var req = Sysent.Encode(new VmspaceMcontrolArgs { id = 0x1000, addr = 0x2000, len = ulong.MaxValue, behav = -1, value = long.MinValue });
        Assert.Equal(Sysno.vmspace_mcontrol, req.No);
        Assert.Equal([0x1000L, 0x2000L, -1L, -1L, long.MinValue, 0L, 0L], Enumerable.Range(0, SyscallRequest.MaxWords).Select(req.Word));
    }

    [Fact]
    public void string_fields_take_no_register_slot_and_the_integers_keep_their_order()
    {
        var open = Sysent.Of<OpenArgs>();
        Assert.Equal([-1, 0, 1], open.Args.Select(a => a.Slot));
        var req = open.Request([0x202, 0x1a4], "/tmp/x");
        Assert.Equal(("/tmp/x", 0x202L, 0x1a4L), (req.Str, req.Word(0), req.Word(1)));
    }

    [Fact]
    public void sysctl_newlen_is_derived_from_whether_a_new_value_was_given()
    {
        var sysctl = Sysent.Find("sysctl")!;
        Assert.Equal(["name", "newval"], sysctl.Visible.Select(a => a.Name));
        Assert.Equal(8L, sysctl.Request([1], "vm.vkernel_enable").Word(1));
        Assert.Equal(0L, sysctl.Request([], "vm.vkernel_enable").Word(1));
    }

    [Fact]
    public void optional_fields_set_the_minimum_argument_count_a_script_must_give()
    {
        Assert.Equal((1, 3), (Sysent.Find("execve")!.MinArgs, Sysent.Find("execve")!.Visible.Count));
        Assert.Equal((0, 1), (Sysent.Find("exit")!.MinArgs, Sysent.Find("exit")!.Visible.Count));
        Assert.Equal((7, 7), (Sysent.Find("vmspace_mmap")!.MinArgs, Sysent.Find("vmspace_mmap")!.Visible.Count));
    }

    [Fact]
    public void an_int_field_takes_only_the_low_32_bits_of_its_register()
    {
        var b = new Vkernel.Boot();
        b.M.VmspaceCreate(b.Td, 0x1000);
        // cmd = 0x1_0000_0002: the low half is 2, not VMSPACE_CTL_RUN, so the id is found and the command refused.
        var r = b.M.Syscall(b.Td, new SyscallRequest(Sysno.vmspace_ctl, 0x1000, 0x1_0000_0002, 0, 0));
        Assert.Equal(EOPNOTSUPP, r.Error);
    }

    [Fact]
    public void every_row_runs_through_the_dispatch_point_without_throwing_for_zero_arguments()
    {
        foreach (var e in Sysent.All.Where(e => e.Kind == CallKind.Syscall && e.No is not (Sysno.exit or Sysno.extexit_lwp or Sysno.execve)))
        {
            var b = new Vkernel.Boot();
            var r = b.M.Enter(b.Td, e.Request([]));
            Assert.True(r.Error is 0 or > 0, $"{e}: {r}");
            Assert.Same(e, b.M.LastCall!.Sysent);
        }
    }
}
