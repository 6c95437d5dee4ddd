// Not in the C: runs several modelled threads on one machine so that they interleave exactly at the kernel's own
// switch points (Sched/SwitchPoint). One modelled thread runs at a time, on its own OS thread (so the model's code
// stays as the C reads: a call that blocks simply stops in the middle), and the strategy alone decides which runs
// next. LWKT rules (lwkt_token.c): a thread switched out at a blocking point gives up all its tokens and gets them
// back, in order, before it resumes; a thread waiting for a token or lock that another thread holds cannot run.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Kernel.Sched;

/// <summary>How a concurrent run ended.</summary>
public enum RunEnd { Completed, Failed, Deadlock, Pruned, BadSchedule }

/// <summary>One step of a run: a thread ran from one switch point to its next, inside <paramref name="Call"/> (the
/// call it was in, or had just finished, when the step ended); the objects it touched.</summary>
public sealed record RunStep(int Tid, SwitchPoint Point, int Decision, long[] Footprint, string? Call);

/// <summary>Runs modelled threads on a machine under a strategy. Reusable: its OS threads serve run after run.</summary>
public sealed class Interleaver : IDisposable
{
    readonly List<Worker> _pool = new();
    readonly Handoff _ctl;
    readonly bool _futex;
    readonly int _cpu = -1; // the core its OS threads share (futex handoffs with several cores), or -1
    readonly byte[]? _pin;
    bool _disposed;

    Machine _m = null!;
    IScheduleStrategy _strategy = null!;
    List<ModelThread> _threads = new();
    readonly List<int> _choices = new(), _defaults = new();
    readonly List<RunStep> _steps = new();
    readonly List<long> _fp = new(), _released = new();
    readonly List<int> _enabledTids = new();
    readonly List<ModelThread> _enabled = new();
    readonly List<SwitchPoint> _pendings = new();
    static readonly SwitchPoint StartPoint = new(SwitchKind.Entry, "start", 0);
    int _stepTid;
    ModelThread? _running;
    SwitchPoint _stepPoint;
    int _stepDecision;
    int _decisions;
    RunEnd _end;

    /// <summary>An interleaver with no OS threads yet. With futex handoffs on several cores, its threads will share
    /// one core: the one the fewest live interleavers use (<see cref="Handoff"/>, <see cref="CpuPin"/>).</summary>
    public Interleaver()
    {
        _futex = Handoff.Chosen;
        if (_futex && CpuPin.Available)
        {
            _cpu = CpuPin.Choose();
            if (_cpu >= 0) _pin = CpuPin.One(_cpu);
            else _futex = false;
        }
        _ctl = new Handoff(_futex);
    }

    /// <summary>The core this interleaver's OS threads stay on, or -1 (one core, SemaphoreSlim handoffs, not Linux).</summary>
    internal int Cpu => _cpu;

    /// <summary>The exception that stopped the run (a model panic, a script error), with its thread.</summary>
    public (ModelThread Thread, Exception Error)? Failure { get; private set; }

    /// <summary>What each unfinished thread waited for when the last run deadlocked (null otherwise).</summary>
    public string? DeadlockState { get; private set; }

    /// <summary>The tids chosen at each decision of the last run.</summary>
    public IReadOnlyList<int> Choices => _choices;

    /// <summary>What the default (run on, else the lowest tid) would have chosen at each decision of the last run.</summary>
    public IReadOnlyList<int> Defaults => _defaults;

    /// <summary>The last run's schedule, printable and shortest (<see cref="Schedule"/>).</summary>
    public string ScheduleText => Schedule.Format(_choices, _defaults);

    /// <summary>Every step of the last run (for the explorer's footprints and timelines); kept only when
    /// <see cref="KeepSteps"/>.</summary>
    public IReadOnlyList<RunStep> Steps => _steps;

    /// <summary>Record <see cref="Steps"/> (the explorer and timelines need them; sampling does not).</summary>
    public bool KeepSteps { get; set; }

    /// <summary>Called (on the running thread) whenever a modelled thread is switched out, with the thread and the
    /// switch point; the replay uses it to print strace's "&lt;unfinished ...&gt;" lines in order.</summary>
    public Action<ModelThread>? OnSwitchOut { get; set; }

    /// <summary>Told every step as it ends (with <see cref="KeepSteps"/>): the explorer's footprints.</summary>
    public Action<RunStep>? OnStep { get; set; }

    /// <summary>Runs <paramref name="threads"/> (distinct LWPs of <paramref name="m"/>) to completion under
    /// <paramref name="strategy"/>. Never throws for what happens inside: see the result and <see cref="Failure"/>.</summary>
    public RunEnd Run(Machine m, IReadOnlyList<ModelThread> threads, IScheduleStrategy strategy)
    {
        Kassert.KKASSERT(m.Sched is null && m.CurrentCall is null, "interleaver: the machine is already running calls");
        _m = m; _strategy = strategy;
        _threads = threads.OrderBy(t => t.Tid).ToList();
        _choices.Clear(); _defaults.Clear(); _steps.Clear(); _fp.Clear(); _released.Clear();
        _decisions = 0; _end = RunEnd.Completed; Failure = null; DeadlockState = null;
        while (_pool.Count < _threads.Count) _pool.Add(new Worker(_pool.Count, _futex, _cpu));
        for (int i = 0; i < _threads.Count; i++) { _threads[i].Worker = _pool[i]; _pool[i].Owner = this; }
        m.Sched = this;
        byte[]? saved = null;
        try
        {
            // The calling thread waits for the run's end on the run's core (and gets its own cores back after).
            saved = PinCaller();
            ModelThread? first;
            try { first = Decide(null); }
            catch (ScheduleException e) { first = null; _end = RunEnd.BadSchedule; Failure = (_threads[0], e); }
            catch (SchedulePrunedException) { first = null; _end = RunEnd.Pruned; }
            if (first is not null)
            {
                Resume(first);
                _ctl.Wait();
            }
            Abort();
        }
        finally
        {
            m.Sched = null;
            m.CurrentCall = null;
            if (saved is not null) CpuPin.Set(saved);
        }
        return _end;
    }

    /// <summary>The body of a modelled thread, on its worker's OS thread. When the thread finishes and the next one to
    /// run has not started yet, that one runs on here too: a handoff between OS threads costs a context switch, the
    /// largest fixed cost of a run on one core, and which OS thread carries a modelled thread changes nothing else.</summary>
    internal void RunThread(ModelThread t)
    {
        while (true)
        {
            try
            {
                AfterResume(t);
                for (int i = 0; i < t.Calls.Count; i++)
                {
                    if (i > 0) Switch(t, new SwitchPoint(SwitchKind.Entry, "next call", 0));
                    t.Calls[i]();
                }
            }
            catch (Exception) when (t.Aborting)
            {
                // Unwound because the run ended elsewhere.
            }
            catch (Exception e) when (e is SchedulePrunedException or ScheduleException)
            {
                Stop(t, e);
            }
            catch (Exception e)
            {
                Failure ??= (t, e);
                _end = RunEnd.Failed;
            }
            t.Done = true;
            _running = null;
            if (t.Aborting || _end != RunEnd.Completed) { _ctl.Release(); return; }
            EndStep();
            ModelThread? next;
            try { next = Decide(null); }
            catch (Exception e) when (e is SchedulePrunedException or ScheduleException) { Stop(t, e); next = null; }
            if (next is null)
            {
                if (_end == RunEnd.Completed && _threads.Exists(x => !x.Done)) _end = RunEnd.Deadlock;
                _ctl.Release();
                return;
            }
            if (next.Started)
            {
                Resume(next);
                return;
            }
            next.Started = true;
            next.Worker = t.Worker;
            t = next;
        }
    }

    /// <summary>The strategy stopped the run (pruned it, or could not follow its schedule).</summary>
    void Stop(ModelThread t, Exception e)
    {
        if (_end == RunEnd.Completed) _end = e is ScheduleException ? RunEnd.BadSchedule : RunEnd.Pruned;
        if (e is ScheduleException) Failure ??= (t, e);
        t.Aborting = true;
    }

    // ---- Switch points (called by the model on the running thread) ----

    /// <summary>A point where the kernel may sleep (<see cref="Machine.MayBlock"/>).</summary>
    internal void Block(string where, long obj) => Switch(Running(), new SwitchPoint(SwitchKind.Block, where, obj));

    /// <summary>A lock-free step on shared state.</summary>
    internal void Atomic(string what, long obj) => Switch(Running(), new SwitchPoint(SwitchKind.Atomic, what, obj));

    /// <summary>Before <c>lwkt_gettoken</c>: returns once the token can be taken.</summary>
    internal void BeforeToken(Lwp td, LwkToken tok, bool shared)
    {
        var t = Running();
        Kassert.KKASSERT(t.Lwp == td, "interleaver: a token taken for another thread");
        t.WantToken = tok; t.WantShared = shared;
        if (!tok.AvailableTo(td, shared) && _m.CurrentCall is { } c) c.TokenContentions++;
        Switch(t, new SwitchPoint(SwitchKind.Token, tok.Name, tok.SchedId));
        t.WantToken = null;
    }

    /// <summary>Before a lockmgr acquisition: returns once the lock can be taken in <paramref name="mode"/>.</summary>
    internal void BeforeLock(Lockmgr lk, Lockmgr.LockMode mode, bool upgrade)
    {
        var t = Running();
        t.WantLock = lk; t.WantMode = mode; t.WantUpgrade = upgrade;
        if (!lk.AvailableTo(t.Lwp, mode, upgrade) && _m.CurrentCall is { } c) c.LockContentions++;
        Switch(t, new SwitchPoint(SwitchKind.Lock, lk.Name + (mode == Lockmgr.LockMode.Shared ? " shared" : " exclusive"), lk.SchedId));
        t.WantLock = null;
    }

    /// <summary>A sleep until <paramref name="ready"/> holds (tsleep on a condition another thread ends, such as an
    /// overlapping VA-range interlock). Returns once it holds.</summary>
    internal void SleepUntil(string what, long obj, Func<bool> ready)
    {
        var t = Running();
        t.WantReady = ready;
        Switch(t, new SwitchPoint(SwitchKind.Lock, what, obj));
        t.WantReady = null;
    }

    /// <summary>Adds a shared object the running step touched (a released token or lock, a refcount) to its footprint.</summary>
    internal void Touched(long obj)
    {
        if (KeepSteps && obj != 0) _fp.Add(obj);
    }

    ModelThread Running() => _running ?? throw new InvalidOperationException("interleaver: a switch point outside a modelled thread");

    void Switch(ModelThread t, SwitchPoint point)
    {
        if (t.Aborting) throw new SchedulePrunedException(); // a finally block of a thread being unwound
        t.Pending = point;
        EndStep();
        ModelThread? next;
        try { next = Decide(t); }
        catch (Exception e) when (e is SchedulePrunedException or ScheduleException) { Stop(t, e); throw; }
        if (next == t)
        {
            BeginStep(t);
            return;
        }
        t.SavedCall = _m.CurrentCall;
        if (next is null)
            _end = RunEnd.Deadlock;
        else if (!t.Asleep && MustSleep(t))
            Sleep(t);
        _running = null;
        OnSwitchOut?.Invoke(t);
        if (next is null) _ctl.Release(); else Resume(next);
        t.Worker!.Go.Wait();
        if (t.Aborting)
        {
            _m.CurrentCall = t.SavedCall; // so the unwinding call's finally blocks see their own thread
            _running = t;
            throw new SchedulePrunedException();
        }
        AfterResume(t);
    }

    void AfterResume(ModelThread t)
    {
        _m.CurrentCall = t.SavedCall;
        if (t.Asleep)
        {
            // lwkt_getalltokens: back in acquisition order before the thread runs again.
            foreach (var r in t.Lwp.td_toks) r.Tok.Take(t.Lwp, r.Shared);
            t.Asleep = false;
            if (t.SavedCall is { } c) c.Reacquisitions += t.Lwp.td_toks.Count;
        }
        BeginStep(t);
    }

    void Resume(ModelThread next)
    {
        if (!next.Started)
        {
            next.Started = true;
            next.Worker!.Job = next;
        }
        next.Worker!.Go.Release();
    }

    void BeginStep(ModelThread t)
    {
        _running = t;
        _stepTid = t.Tid;
        _stepPoint = t.Pending;
        _stepDecision = _decisions - 1;
        if (KeepSteps)
        {
            _fp.Clear();
            if (t.Pending.Obj != 0) _fp.Add(t.Pending.Obj);
            _fp.AddRange(_released);
            _released.Clear();
        }
    }

    void EndStep()
    {
        if (KeepSteps && _stepTid != 0)
        {
            var step = new RunStep(_stepTid, _stepPoint, _stepDecision, _fp.Distinct().ToArray(),
                (_m.CurrentCall ?? _m.LastCall)?.Sysent.Name);
            _steps.Add(step);
            OnStep?.Invoke(step);
        }
        _stepTid = 0;
    }

    static bool MustSleep(ModelThread t) => t.Pending.Kind switch
    {
        SwitchKind.Block => true,
        SwitchKind.Token or SwitchKind.Lock => !Satisfiable(t),
        _ => false,
    };

    void Sleep(ModelThread t)
    {
        // lwkt_switch: a thread that sleeps (or waits for a token) runs with none of its tokens meanwhile.
        // The release belongs to the step of the thread that runs instead (it is what lets that thread in).
        foreach (var r in t.Lwp.td_toks) { r.Tok.Drop(t.Lwp, r.Shared); if (KeepSteps) _released.Add(r.Tok.SchedId); }
        t.Asleep = true;
        if (t.SavedCall is { } c) c.Sleeps++;
    }

    static bool Satisfiable(ModelThread t) => t.Pending.Kind switch
    {
        SwitchKind.Token => t.WantToken!.AvailableTo(t.Lwp, t.WantShared),
        SwitchKind.Lock => t.WantReady?.Invoke() ?? t.WantLock!.AvailableTo(t.Lwp, t.WantMode, t.WantUpgrade),
        _ => true,
    };

    static bool Enabled(ModelThread t) => !t.Done && (!t.Started || (Satisfiable(t) && (!t.Asleep || TokensAvailable(t))));

    /// <summary>Every token an asleep thread held is free for it to take back (lwkt_getalltokens would succeed).</summary>
    static bool TokensAvailable(ModelThread t)
    {
        foreach (var r in t.Lwp.td_toks)
            if (!r.Tok.AvailableTo(t.Lwp, r.Shared)) return false;
        return true;
    }

    ModelThread? Decide(ModelThread? current)
    {
        // A thread that must wait for a token or lock (the current one, or one parked on "another CPU" whose token or
        // lock was taken meanwhile) sleeps, and sleeping gives up its own tokens, as lwkt_switch does.
        foreach (var t in _threads)
            if (t.Started && !t.Done && !t.Asleep && t.Pending.Kind is SwitchKind.Token or SwitchKind.Lock && !Satisfiable(t))
            {
                if (t == current) t.SavedCall = _m.CurrentCall;
                Sleep(t);
            }
        // At a blocking point the current thread may sleep, and sleeping frees its tokens: the others are judged as
        // if it had (it is itself always able to run on).
        bool mayFree = current is { Pending.Kind: SwitchKind.Block } && current.Lwp.td_toks.Count > 0;
        if (mayFree) foreach (var r in current!.Lwp.td_toks) r.Tok.Drop(current.Lwp, r.Shared);
        // Nothing is allocated here but the state a strategy sees when more than one thread can run.
        _enabled.Clear();
        foreach (var t in _threads)
            if (Enabled(t)) _enabled.Add(t);
        if (mayFree) foreach (var r in current!.Lwp.td_toks) r.Tok.Take(current.Lwp, r.Shared);
        if (_enabled.Count == 0)
        {
            DeadlockState = string.Join("; ", _threads.Where(t => !t.Done).Select(t => $"thread {t.Tid} waits at {t.Pending}"));
            return null;
        }
        if (_enabled.Count == 1) return _enabled[0];
        // The state's lists are this interleaver's buffers, valid during Choose (RecordingStrategy copies them).
        _enabledTids.Clear(); _pendings.Clear();
        foreach (var t in _enabled) { _enabledTids.Add(t.Tid); _pendings.Add(t.Started ? t.Pending : StartPoint); }
        var state = new ScheduleState(_decisions, current?.Tid ?? -1, _enabledTids, _pendings);
        int tid = _strategy.Choose(state);
        ModelThread? next = null;
        foreach (var t in _enabled) if (t.Tid == tid) next = t;
        if (next is null)
            throw new ScheduleException($"decision {_decisions}: thread {tid} cannot run (runnable: {string.Join(", ", state.Enabled)})");
        _choices.Add(tid);
        _defaults.Add(state.Default);
        _decisions++;
        if (current is not null && tid != current.Tid && _m.CurrentCall is { } c) c.Switches++;
        return next;
    }

    /// <summary>Ends the run: every thread that has not finished is unwound on its own OS thread, one at a time.</summary>
    void Abort()
    {
        foreach (var t in _threads)
        {
            if (t.Done) continue;
            if (!t.Started) { t.Done = true; continue; }
            t.Aborting = true;
            t.Worker!.Go.Release();
            _ctl.Wait();
        }
        foreach (var t in _threads)
            foreach (var r in t.Lwp.td_toks.ToList())
            {
                if (!t.Asleep) r.Tok.Drop(t.Lwp, r.Shared);
                t.Lwp.td_toks.Remove(r);
            }
    }

    /// <summary>Moves the calling thread onto this interleaver's core; returns the mask to give back, or null when it
    /// did not move (no core of its own, or the system refused).</summary>
    byte[]? PinCaller() => _pin is not null && CpuPin.Get() is { } mask && CpuPin.Set(_pin) ? mask : null;

    /// <summary>
    /// Not part of a run: hands the run back and forth between two OS threads set up as an interleaver's are (the same
    /// handoff kind, on one core where an interleaver would pin), <paramref name="rounds"/> times each way, so that
    /// <c>bench explore</c> can time the cost of one handoff apart from the model. Returns the handoffs made and
    /// their kind ("futex" or "SemaphoreSlim").
    /// </summary>
    public static (long Handoffs, string Kind) PingPong(int rounds)
    {
        using var il = new Interleaver();
        var ping = new Handoff(il._futex);
        var pong = new Handoff(il._futex);
        var other = new Thread(() =>
        {
            if (il._pin is { } pin) CpuPin.Set(pin);
            for (int i = 0; i < rounds; i++) { ping.Wait(); pong.Release(); }
        }) { IsBackground = true, Name = "model-worker-pingpong" };
        var saved = il.PinCaller();
        try
        {
            other.Start();
            for (int i = 0; i < rounds; i++) { ping.Release(); pong.Wait(); }
            other.Join();
        }
        finally
        {
            if (saved is not null) CpuPin.Set(saved);
        }
        return (2L * rounds, ping.IsFutex ? "futex" : "SemaphoreSlim");
    }

    public void Dispose()
    {
        foreach (var w in _pool) { w.Exit = true; w.Go.Release(); }
        _pool.Clear();
        if (_cpu >= 0 && !_disposed) CpuPin.Leave(_cpu);
        _disposed = true;
    }
}
