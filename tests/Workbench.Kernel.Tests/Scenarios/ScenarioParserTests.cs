// The scenario language's parser (Script.Parse / LineParser): each syntax element, and every bad line reported as a
// ScriptException that names file and line.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

public class ScenarioParserTests
{
    static ScriptEvent One(string line)
    {
        var s = Script.Parse(line, "t.scn");
        return Assert.Single(s.Events);
    }

    static ScriptException Bad(string text, string file = "bad.scn") =>
        Assert.Throws<ScriptException>(() => Script.Parse(text, file));

    // ---- syntax elements ----------------------------------------------------------------------------------------------

    [Fact]
    public void blank_lines_and_whole_line_comments_are_not_events_but_still_count_for_line_numbers()
    {
        var s = Script.Parse("# a comment\n\n   # indented comment\nfork() = 2\n", "t.scn");
        var ev = Assert.Single(s.Events);
        Assert.Equal(4, ev.Line);
        Assert.Equal("t.scn", s.File);
    }

    [Fact]
    public void a_trailing_comment_is_ignored()
    {
        var ev = One("vmspace_destroy(0x1000) = -1 ENOENT (No such file or directory)   # unknown id");
        var e = Assert.IsType<Expectation.Error>(ev.Expect);
        Assert.Equal(Errno.ENOENT, e.Errno);
    }

    [Fact]
    public void crlf_line_endings_are_accepted()
    {
        var s = Script.Parse("fork() = 2\r\nexit(0) = ?\r\n", "t.scn");
        Assert.Equal([1, 2], s.Events.Select(e => e.Line));
    }

    [Fact]
    public void a_thread_prefix_names_a_tid_or_a_bound_name_and_no_prefix_means_the_previous_thread()
    {
        Assert.Equal(new ThreadRef(7, null), One("[pid 7] fork()").Thread);
        Assert.Equal(new ThreadRef(null, "r2"), One("[pid r2] fork()").Thread);
        Assert.Equal(new ThreadRef(null, "r2"), One("[ pid  r2 ] fork()").Thread);
        Assert.Null(One("fork()").Thread);
    }

    [Fact]
    public void a_binding_names_the_result_for_later_lines()
    {
        var ev = One("[pid 1] r12 = lwp_create() = 2");
        Assert.Equal("r12", ev.Bind);
        Assert.Equal("lwp_create", ev.Call.Name);
        Assert.Equal(2, Assert.IsType<Arg.Num>(Assert.IsType<Expectation.Value>(ev.Expect).Expected).Value);
    }

    [Fact]
    public void integers_are_decimal_hex_or_negative_and_NULL_is_zero()
    {
        var ev = One("vmspace_mcontrol(NULL, 0x7ffffffff000, 4096, -1, 0XFF)");
        Assert.Equal([0L, 0x7ffffffff000L, 4096L, -1L, 0xffL], ev.Args.Select(a => Assert.IsType<Arg.Num>(a).Value));
    }

    [Fact]
    public void a_hex_number_with_the_top_bit_set_is_the_same_64_bit_pattern_as_its_negative()
    {
        var ev = One("vmspace_create(0xffffffffffffffff, 0, NULL)");
        Assert.Equal(-1L, Assert.IsType<Arg.Num>(ev.Args[0]).Value);
    }

    [Fact]
    public void symbolic_constants_are_or_ed_together_with_numbers()
    {
        var ev = One("vmspace_mmap(1, 0, 0x1000, PROT_READ|PROT_WRITE, MAP_FILE|MAP_SHARED|MAP_VPAGETABLE|MAP_FIXED, 3, 0)");
        Assert.Equal(Mman.PROT_READ | Mman.PROT_WRITE, Assert.IsType<Arg.Num>(ev.Args[3]).Value);
        Assert.Equal(Mman.MAP_SHARED | Mman.MAP_VPAGETABLE | Mman.MAP_FIXED, Assert.IsType<Arg.Num>(ev.Args[4]).Value);
        var sm = One("vmspace_mcontrol(1, 0, 0x1000, MADV_SETMAP, 0x1a3000|VPTE_R|VPTE_W|VPTE_V)");
        Assert.Equal(0x1a300dL, Assert.IsType<Arg.Num>(sm.Args[4]).Value);
        Assert.Equal(Vk.VMSPACE_CTL_RUN, Assert.IsType<Arg.Num>(One("vmspace_ctl(1, VMSPACE_CTL_RUN, 0, 0)").Args[1]).Value);
        Assert.Equal(Vk.T_FAST_SYSCALL, Assert.IsType<Arg.Num>(One("guest_trap(T_FAST_SYSCALL)").Args[0]).Value);
        Assert.Equal(Fcntl.O_RDWR | Fcntl.O_CREAT, Assert.IsType<Arg.Num>(One("open(\"/f\", O_RDWR|O_CREAT, 0x1a4)").Args[1]).Value);
    }

    [Fact]
    public void a_bound_name_may_carry_a_positive_or_negative_offset()
    {
        var ev = One("vmspace_ctl(1, VMSPACE_CTL_RUN, r1, r1+0x1000)");
        Assert.Equal(new Arg.Bound("r1", 0), ev.Args[2]);
        Assert.Equal(new Arg.Bound("r1", 0x1000), ev.Args[3]);
        Assert.Equal(new Arg.Bound("r3", -16), One("munmap(r3 - 16, 0x1000)").Args[0]);
    }

    [Fact]
    public void strings_are_quoted_with_backslash_escapes()
    {
        var ev = One("open(\"/tmp/a \\\"b\\\"\\\\c\", O_RDONLY)");
        Assert.Equal("/tmp/a \"b\"\\c", Assert.IsType<Arg.Text>(ev.Args[0]).Value);
    }

    [Fact]
    public void optional_arguments_may_be_left_out()
    {
        Assert.Single(One("sysctl(\"vm.vkernel_enable\")").Args);
        Assert.Equal(2, One("sysctl(\"vm.vkernel_enable\", 1)").Args.Count);
        Assert.Equal(2, One("open(\"/f\", O_RDONLY)").Args.Count);
        Assert.Empty(One("exit()").Args);
    }

    [Fact]
    public void each_kind_of_expected_result_is_parsed()
    {
        Assert.Null(One("fork()").Expect);
        Assert.IsType<Expectation.Unchecked>(One("fork() = ?").Expect);
        Assert.IsType<Expectation.JustReturn>(One("vmspace_ctl(1, VMSPACE_CTL_RUN, 0, 0) = EJUSTRETURN").Expect);
        var withMessage = Assert.IsType<Expectation.Error>(One("vmspace_destroy(1) = -1 EBUSY (Device busy)").Expect);
        Assert.Equal((Errno.EBUSY, "EBUSY"), (withMessage.Errno, withMessage.Name));
        var bare = Assert.IsType<Expectation.Error>(One("vmspace_destroy(1) = -1 EINVAL").Expect);
        Assert.Equal(Errno.EINVAL, bare.Errno);
        Assert.Equal(-1L, Assert.IsType<Arg.Num>(Assert.IsType<Expectation.Value>(One("r1 = lwp_create() = -1").Expect).Expected).Value);
        Assert.Equal(new Arg.Bound("r4", 0x10), Assert.IsType<Expectation.Value>(One("mmap(r4+0x10, 1, PROT_READ, MAP_ANON|MAP_FIXED, -1, 0) = r4+0x10").Expect).Expected);
    }

    [Fact]
    public void the_source_text_and_call_spec_are_kept_for_each_event()
    {
        var ev = One("  [pid 1] vmspace_munmap(1, 0x1000, 0x1000) = 0  ");
        Assert.Equal("[pid 1] vmspace_munmap(1, 0x1000, 0x1000) = 0", ev.Source);
        Assert.Equal(Sysno.vmspace_munmap, ev.Call.No);
    }

    // ---- bad lines: ScriptException naming file:line ------------------------------------------------------------------

    [Fact]
    public void an_unknown_call_is_a_script_error_naming_file_and_line()
    {
        var e = Bad("fork()\n\nvmspace_frobnicate(1)\n");
        Assert.Equal(("bad.scn", 3), (e.File, e.Line));
        Assert.StartsWith("bad.scn:3: unknown call 'vmspace_frobnicate'", e.Message);
    }

    [Fact]
    public void a_wrong_number_of_arguments_is_a_script_error()
    {
        var few = Bad("vmspace_destroy()");
        Assert.Equal("bad.scn:1: vmspace_destroy takes 1 argument(s), got 0", few.Message);
        var many = Bad("fork()\nvmspace_mmap(1, 0, 0x1000, PROT_READ, MAP_ANON, -1, 0, 9)");
        Assert.Equal("bad.scn:2: vmspace_mmap takes 7 argument(s), got 8", many.Message);
        Assert.Equal("bad.scn:1: sysctl takes 1 to 2 arguments, got 3", Bad("sysctl(\"vm.vkernel_enable\", 1, 2)").Message);
    }

    [Theory]
    [InlineData("vmspace_destroy(12ab)", "bad number '12a'")]
    [InlineData("vmspace_destroy(0x1g)", "bad number '0x1g'")]
    [InlineData("vmspace_destroy(0x)", "bad hex number '0x'")]
    [InlineData("vmspace_destroy(99999999999999999999999)", "number '99999999999999999999999' is out of range (a 64-bit value: -9223372036854775808 to 0xffffffffffffffff)")]
    [InlineData("vmspace_destroy(-9223372036854775809)", "number '-9223372036854775809' is out of range (a 64-bit value: -9223372036854775808 to 0xffffffffffffffff)")]
    [InlineData("vmspace_destroy(18446744073709551616)", "number '18446744073709551616' is out of range (a 64-bit value: -9223372036854775808 to 0xffffffffffffffff)")]
    [InlineData("vmspace_destroy(0x10000000000000000)", "number '0x10000000000000000' is out of range (a 64-bit value: -9223372036854775808 to 0xffffffffffffffff)")]
    [InlineData("[pid 4294967297] fork()", "[pid 4294967297]: a thread id is at most 2147483647 (lwp_tid is an int)")]
    [InlineData("[pid 2147483648] fork()", "[pid 2147483648]: a thread id is at most 2147483647 (lwp_tid is an int)")]
    [InlineData("vmspace_destroy(-)", "bad number '-'")]
    public void a_malformed_number_is_a_script_error(string line, string why)
    {
        var e = Bad("# header\n" + line);
        Assert.Equal(2, e.Line);
        Assert.Equal($"bad.scn:2: {why}", e.Message);
    }

    [Theory]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0xffffffffffffffff", -1L)]
    [InlineData("18446744073709551615", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-0x8000000000000000", long.MinValue)]
    public void numbers_at_the_ends_of_the_64_bit_range_are_accepted_without_wrapping_further(string written, long value)
    {
        Assert.Equal(new Arg.Num(value), One($"vmspace_destroy({written})").Args[0]);
        Assert.Equal(new ThreadRef(int.MaxValue, null), One("[pid 2147483647] fork()").Thread);
    }

    [Fact]
    public void every_errno_the_model_returns_has_a_name_and_message_and_parses_back()
    {
        var errnos = typeof(Errno).GetFields().Where(f => f.IsLiteral && f.Name.StartsWith('E'))
            .Select(f => (f.Name, Value: (int)f.GetRawConstantValue()!)).ToList();
        Assert.Contains(("EISDIR", 21), errnos);
        foreach (var (name, value) in errnos)
        {
            var canonical = Errno.Name(value);   // ENOTSUP is EOPNOTSUPP's alias
            Assert.False(canonical.StartsWith("E#"), $"{name} = {value} has no name");
            Assert.False(Errno.Message(value).StartsWith("Unknown error"), $"{name} = {value} has no message");
            Assert.True(Errno.TryParse(canonical, out var back) && back == value, $"{canonical} does not parse back to {value}");
        }
        var e = Assert.IsType<Expectation.Error>(One("open(\"/tmp\", O_RDWR) = -1 EISDIR (Is a directory)").Expect);
        Assert.Equal(21, e.Errno);
    }

    [Fact]
    public void an_unknown_constant_is_a_script_error()
    {
        var e = Bad("vmspace_mmap(1, 0, 0x1000, PROT_READ|PROT_FLY, MAP_ANON, -1, 0)");
        Assert.Equal("bad.scn:1: unknown constant or name 'PROT_FLY'", e.Message);
        Assert.Equal("bad.scn:1: unknown constant or name 'r1'", Bad("munmap(0x1000|r1, 0x1000)").Message);   // a bound name cannot be or-ed
        Assert.Equal("bad.scn:1: unknown constant or name 'rx'", Bad("munmap(rx, 0x1000)").Message);
    }

    [Fact]
    public void a_missing_parenthesis_is_a_script_error()
    {
        Assert.Equal("bad.scn:1: missing ')'", Bad("vmspace_destroy(0x1000").Message);
        Assert.Equal("bad.scn:1: expected '(' at '= 2'", Bad("fork = 2").Message);
        Assert.Equal("bad.scn:1: expected ',' or ')' at '0x2000)'", Bad("vmspace_destroy(0x1000 0x2000)").Message);
    }

    [Fact]
    public void other_malformed_lines_are_script_errors_naming_the_line()
    {
        Assert.Equal("bad.scn:1: unterminated string", Bad("open(\"/tmp/x, O_RDONLY)").Message);
        Assert.Equal("bad.scn:1: unknown errno 'EWHATEVER'", Bad("fork() = -1 EWHATEVER (What)").Message);
        Assert.Equal("bad.scn:1: missing expected result after '='", Bad("fork() =").Message);
        Assert.Equal("bad.scn:1: unexpected text 'trailing'", Bad("fork() = 2 trailing").Message);
        Assert.Equal("bad.scn:1: a thread prefix is written [pid N]", Bad("[tid 1] fork()").Message);
        Assert.Equal("bad.scn:1: [pid x]: N must be a thread id or a bound name like r2", Bad("[pid x] fork()").Message);
        Assert.Equal("bad.scn:1: open: argument 1 (path) must be a quoted string", Bad("open(5, O_RDONLY)").Message);
        Assert.Equal("bad.scn:1: vmspace_destroy: argument 1 (id) must be a number, constant or bound name", Bad("vmspace_destroy(\"x\")").Message);
    }

    [Fact]
    public void loading_a_file_that_does_not_exist_is_a_script_error_at_line_0()
    {
        var e = Assert.Throws<ScriptException>(() => Script.Load(Path.Combine(ScenarioFiles.Dir, "no_such_scenario.scn")));
        Assert.Equal(0, e.Line);
        Assert.EndsWith("no such file", e.Message);
    }

    [Fact]
    public void loading_a_directory_or_an_unreadable_file_says_so_instead_of_no_such_file()
    {
        var dir = Assert.Throws<ScriptException>(() => Script.Load(ScenarioFiles.Dir));
        Assert.Equal($"{ScenarioFiles.Dir}:0: is a directory, not a scenario file", dir.Message);
        // /proc/self/mem exists but reading it at offset 0 fails (EIO), even for root.
        var unreadable = Assert.Throws<ScriptException>(() => Script.Load("/proc/self/mem"));
        Assert.StartsWith("/proc/self/mem:0: cannot read: ", unreadable.Message);
    }
}
