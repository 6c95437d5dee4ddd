// The scheduler's own rules, on bare token, lock and sleep operations (no system call around them): LWKT tokens given
// up at a blocking point and re-acquired in order, a thread that wants a token held by a running thread is not
// runnable, a panic unwinds the other threads and frees their tokens, a sleep nobody ends is reported as a deadlock
// naming what each thread waits for. Every test ends with every process exited and an empty census.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Sys;
using Workbench.Scenarios;

namespace Workbench.Kernel.Tests.Races;

public class InterleaverTests
{
    static (Machine m, Lwp t1, Lwp t2) TwoThreads()
    {
        var m = CensusCheckAttribute.Track(new Machine());
        var t1 = m.FindLwp(1)!;
        var tid = m.Enter(t1, new SysProto.LwpCreateArgs()).Value;
        return (m, t1, m.FindLwp((int)tid)!);
    }

    [Fact]
    public void a_thread_that_sleeps_gives_up_its_tokens_and_gets_them_back_in_order_before_it_resumes()
    {
        var (m, t1, t2) = TwoThreads();
        bool t2GotMp = false, t1HoldsBothAfter = false;
        var order = new List<string>();
        var a = new ModelThread(t1, [() =>
        {
            m.lwkt_gettoken(t1, m.mp_token);
            m.lwkt_gettoken(t1, m.proc_token);
            m.MayBlock("test: kmalloc");
            t1HoldsBothAfter = m.mp_token.HeldBy(t1) && m.proc_token.HeldBy(t1);
            order.AddRange(t1.td_toks.Select(r => r.Tok.Name));
            m.lwkt_reltoken(t1, m.proc_token);
            m.lwkt_reltoken(t1, m.mp_token);
        }]);
        var b = new ModelThread(t2, [() =>
        {
            m.lwkt_gettoken(t2, m.mp_token); // free: thread 1 sleeps
            t2GotMp = true;
            m.lwkt_reltoken(t2, m.mp_token);
        }]);
        using var il = new Interleaver();
        // decisions: start -> 1; 1 at mp_token -> 1; 1 at proc_token -> 1; 1 sleeping -> 2
        Assert.Equal(RunEnd.Completed, il.Run(m, [a, b], new ExplicitStrategy("1*3.2")));
        Assert.True(t2GotMp);
        Assert.True(t1HoldsBothAfter);
        Assert.Equal(["mp_token", "proc_token"], order);
        Assert.Null(m.mp_token.Holder);
        Assert.True(Shutdown.ExitAll(m).IsEmpty);
    }

    [Fact]
    public void a_thread_that_wants_a_token_held_by_a_running_thread_cannot_run()
    {
        var (m, t1, t2) = TwoThreads();
        var events = new List<string>();
        var a = new ModelThread(t1, [() =>
        {
            m.lwkt_gettoken(t1, m.mp_token);
            m.AtomicStep("test: refs++", null); // preempted here, thread 1 still runs on its CPU and keeps mp_token
            events.Add("1 releases");
            m.lwkt_reltoken(t1, m.mp_token);
        }]);
        var b = new ModelThread(t2, [() => { m.lwkt_gettoken(t2, m.mp_token); events.Add("2 acquires"); m.lwkt_reltoken(t2, m.mp_token); }]);
        using var il = new Interleaver();
        // start -> 1; 1 at mp_token -> 1; 1 at the atomic step -> 2; 2 then waits at mp_token, and with only thread 1
        // runnable nothing is left to decide.
        Assert.Equal(RunEnd.Completed, il.Run(m, [a, b], new ExplicitStrategy("1*2.2")));
        Assert.Equal([1, 1, 2], il.Choices);
        Assert.Equal(["1 releases", "2 acquires"], events);
        Assert.Null(m.mp_token.Holder);
        Assert.True(Shutdown.ExitAll(m).IsEmpty);
    }

    [Fact]
    public void a_schedule_that_names_a_thread_that_cannot_run_stops_the_run_and_says_which_could()
    {
        var (m, t1, t2) = TwoThreads();
        var a = new ModelThread(t1, [() => m.MayBlock("test: sleep")]);
        var b = new ModelThread(t2, [() => { }]);
        using var il = new Interleaver();
        Assert.Equal(RunEnd.BadSchedule, il.Run(m, [a, b], new ExplicitStrategy("3")));
        Assert.Contains("thread 3, which cannot run at decision 0 (runnable: 1, 2", il.Failure!.Value.Error.Message, StringComparison.Ordinal);
        Assert.True(Shutdown.ExitAll(m).IsEmpty);
    }

    [Fact]
    public void a_panic_in_one_thread_unwinds_the_others_and_frees_every_token()
    {
        var (m, t1, t2) = TwoThreads();
        var a = new ModelThread(t1, [() =>
        {
            m.lwkt_gettoken(t1, m.proc_token);
            m.MayBlock("test: sleep");
            Kassert.KKASSERT(false, "test: boom");
        }]);
        var b = new ModelThread(t2, [() =>
        {
            m.lwkt_gettoken(t2, m.vmspace_token);
            m.AtomicStep("test: step", null);
            m.lwkt_reltoken(t2, m.vmspace_token);
        }]);
        using var il = new Interleaver();
        Assert.Equal(RunEnd.Failed, il.Run(m, [a, b], new ExplicitStrategy("2*2.1")));
        Assert.IsType<KernelPanicException>(il.Failure!.Value.Error);
        Assert.Null(m.proc_token.Holder);
        Assert.Null(m.vmspace_token.Holder);
        Assert.Empty(t1.td_toks);
        Assert.Empty(t2.td_toks);
        Assert.True(Shutdown.ExitAll(m).IsEmpty);
    }

    [Fact]
    public void a_sleep_that_no_thread_ends_is_a_deadlock_that_names_what_each_thread_waits_for()
    {
        var (m, t1, t2) = TwoThreads();
        var a = new ModelThread(t1, [() => m.Sched!.SleepUntil("test: never", 0, () => false)]);
        var b = new ModelThread(t2, [() => { }]);
        using var il = new Interleaver();
        Assert.Equal(RunEnd.Deadlock, il.Run(m, [a, b], new ExplicitStrategy("")));
        Assert.Equal("thread 1 waits at lock test: never", il.DeadlockState);
        Assert.True(Shutdown.ExitAll(m).IsEmpty);
    }

    [Fact]
    public void a_schedule_prints_run_length_encoded_without_its_trailing_default_choices_and_parses_back()
    {
        Assert.Equal("1*2.2*3.1", Schedule.Format([1, 1, 2, 2, 2, 1, 1, 1], [1, 1, 1, 1, 1, 2, 1, 1]));
        Assert.Equal("", Schedule.Format([1, 2], [1, 2]));
        Assert.Equal([1, 1, 2, 2, 2, 1], Schedule.Parse("1*2.2*3.1").Choices);
        Assert.Equal([3, 1], Schedule.Parse(" 3, 1 ").Choices);
        Assert.Throws<FormatException>(() => Schedule.Parse("0"));
        Assert.Throws<FormatException>(() => Schedule.Parse("2*0"));
        Assert.Throws<FormatException>(() => Schedule.Parse("a"));
    }

    [Fact]
    public void random_and_pct_strategies_are_determined_by_their_seed()
    {
        var state = new ScheduleState(0, 1, [1, 2, 3], [default, default, default]);
        int[] Draw(Func<IScheduleStrategy> make) { var s = make(); return Enumerable.Range(0, 20).Select(i => s.Choose(state with { Index = i })).ToArray(); }
        Assert.Equal(Draw(() => new RandomStrategy(7)), Draw(() => new RandomStrategy(7)));
        Assert.NotEqual(Draw(() => new RandomStrategy(7)), Draw(() => new RandomStrategy(8)));
        Assert.Equal(Draw(() => new PctStrategy(7, 3, 20)), Draw(() => new PctStrategy(7, 3, 20)));
    }
}
