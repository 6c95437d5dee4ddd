// Replaying scripts (Replayer.Run): events that cannot happen are script errors naming file:line (exit code 2) and
// stop the replay; results that differ from the expectation are reported as "file:line: expected X, got Y" (exit
// code 1) and the replay goes on.
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Scenarios;

public class ScenarioReplayTests
{
    const string Enter = """
        sysctl("vm.vkernel_enable", 1) = 0
        vmspace_create(0x1000, 0, NULL) = 0
        r1 = mmap(0, 0x2000, PROT_READ|PROT_WRITE, MAP_ANON|MAP_PRIVATE, -1, 0) = ?
        r2 = lwp_create() = 2
        [pid r2] vmspace_ctl(0x1000, VMSPACE_CTL_RUN, r1, r1+0x1000) = EJUSTRETURN
        """;   // lines 1-5: tid 2 is left inside vmspace 0x1000

    static ReplayResult Run(string text) => Replayer.Run(Script.Parse(text, "s.scn"));

    static ScriptException ScriptError(string text, int exitEvents)
    {
        var r = Run(text);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Mismatches);
        Assert.Null(r.ModelFailure);
        Assert.Equal(exitEvents, r.Events.Count);                     // the replay stopped at the bad event
        Assert.Contains("# script error: " + r.Error!.Message + "\n", r.Trace);
        return r.Error;
    }

    [Fact]
    public void a_script_whose_expectations_all_match_exits_0_and_ends_its_trace_with_the_census()
    {
        var r = Run(Enter + "\n[pid r2] guest_trap(T_FAST_SYSCALL) = 0\n[pid 1] vmspace_destroy(0x1000) = 0\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(7, r.Events.Count);
        Assert.StartsWith("# replay s.scn seed=1\n[pid 1] sysctl(\"vm.vkernel_enable\", 1) = 0\n", r.Trace);
        Assert.EndsWith("census: procs=1 lwps=2 vkernels=1 vmspaces=0 refs=0 lwps_in_vmspace=0 map_entries=0 resident_pages=0\n", r.Trace);
    }

    [Fact]
    public void a_host_call_on_a_thread_inside_a_vmspace_is_a_script_error()
    {
        var e = ScriptError(Enter + "\n[pid r2] vmspace_destroy(0x1000) = -1 EBUSY\n", 5);
        Assert.Equal("s.scn:6: host call vmspace_destroy on thread 2, which is running emulated code inside a vmspace; a guest event must return it first", e.Message);
    }

    [Fact]
    public void a_line_without_a_prefix_after_entering_a_vmspace_runs_on_that_thread_and_is_a_script_error()
    {
        var e = ScriptError(Enter + "\nvmspace_destroy(0x1000)\n", 5);
        Assert.Equal(6, e.Line);
        Assert.Contains("on thread 2", e.Message);
    }

    [Fact]
    public void guest_trap_on_a_thread_not_inside_a_vmspace_is_a_script_error()
    {
        var e = ScriptError("fork() = 2\nguest_trap(T_PAGEFLT) = 0\n", 1);
        Assert.Equal("s.scn:2: guest_trap on thread 1, which is not running in a vmspace (no successful VMSPACE_CTL_RUN)", e.Message);
        var afterTrap = ScriptError(Enter + "\nguest_trap(0) = 0\nguest_trap(0) = 0\n", 6);
        Assert.Equal(7, afterTrap.Line);
    }

    [Fact]
    public void an_event_after_every_process_exited_is_a_script_error()
    {
        var e = ScriptError("# init only\nexit(0) = ?\nfork()\n", 1);
        Assert.Equal("s.scn:3: every process has exited; nothing can run", e.Message);
    }

    [Fact]
    public void an_event_on_a_thread_that_does_not_exist_is_a_script_error()
    {
        var never = ScriptError("[pid 42] fork()\n", 0);
        Assert.Equal("s.scn:1: thread 42 does not exist (it never did, or it exited)", never.Message);
        var exited = ScriptError("r1 = lwp_create() = 2\n[pid r1] lwp_exit() = 0\n[pid 2] fork()\n", 2);
        Assert.Equal("s.scn:3: thread 2 does not exist (it never did, or it exited)", exited.Message);
    }

    [Fact]
    public void a_name_used_before_it_is_bound_is_a_script_error()
    {
        var e = ScriptError("fork() = 2\nmunmap(r7, 0x1000)\n", 1);
        Assert.Equal("s.scn:2: 'r7' is not bound yet", e.Message);
        var prefix = ScriptError("[pid r3] fork()\n", 0);
        Assert.Equal("s.scn:1: 'r3' is not bound yet", prefix.Message);
        var expected = ScriptError("fork() = r9\n", 1);                 // an expectation naming an unbound name
        Assert.Equal("s.scn:1: 'r9' is not bound yet", expected.Message);
    }

    [Fact]
    public void a_failed_call_binds_its_name_to_minus_1()
    {
        var r = Run("r1 = vmspace_create(1, 0, NULL) = -1 EOPNOTSUPP\nvmspace_destroy(r1) = -1 EINVAL\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("[pid 1] vmspace_destroy(0xffffffffffffffff) = -1 EINVAL (Invalid argument)\n", r.Trace);
    }

    [Fact]
    public void a_wrong_errno_is_reported_as_file_line_expected_x_got_y_and_the_replay_goes_on()
    {
        var r = Run("# comment\nvmspace_destroy(0x1000) = -1 ENOENT (No such file or directory)\nfork() = 2\n");
        Assert.Equal(1, r.ExitCode);
        var mm = Assert.Single(r.Mismatches);
        Assert.Equal("s.scn:2: expected -1 ENOENT, got -1 EINVAL (Invalid argument)", mm.ToString());
        Assert.Equal(2, r.Events.Count);
        Assert.Contains("[pid 1] vmspace_destroy(0x1000) = -1 EINVAL (Invalid argument)\n# mismatch: s.scn:2: expected -1 ENOENT, got -1 EINVAL (Invalid argument)\n", r.Trace);
    }

    [Fact]
    public void each_kind_of_wrong_result_is_reported_with_what_was_expected_and_what_came()
    {
        var r = Run("""
            sysctl("vm.vkernel_enable", 1) = 1
            vmspace_create(0x1000, 0, NULL) = -1 EEXIST
            vmspace_ctl(0x1000, VMSPACE_CTL_RUN, 0, 0) = EJUSTRETURN
            r1 = mmap(0, 0x1000, PROT_READ, MAP_ANON, -1, 0) = 0x1000
            vmspace_ctl(0x1000, 2, 0, 0) = 0
            vmspace_ctl(0x1000, 2, 0, 0) = ?
            """);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            [
                "s.scn:1: expected 1, got 0 (0)",
                "s.scn:2: expected -1 EEXIST, got 0 (0)",
                "s.scn:3: expected EJUSTRETURN, got -1 EFAULT (Bad address)",
                "s.scn:4: expected 4096, got 34366029824 (0x800600000)",
                "s.scn:5: expected 0, got -1 EOPNOTSUPP (Operation not supported)",
            ],
            r.Mismatches.Select(m => m.ToString()));
    }

    [Fact]
    public void a_script_error_beats_earlier_mismatches_in_the_exit_code()
    {
        var r = Run("vmspace_destroy(1) = 0\nguest_trap(0) = 0\n");
        Assert.Single(r.Mismatches);
        Assert.NotNull(r.Error);
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void the_trace_prints_kernel_messages_under_the_event_that_printed_them()
    {
        var r = Run(Enter + "\n[pid 1] exit(0) = ?\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("[pid 1] exit(0) = ?\n[kernel] Warning, pid 1 killed with active VC!\ncensus:", r.Trace);
        Assert.Equal(["Warning, pid 1 killed with active VC!"], r.Events[^1].Messages);
    }
}
