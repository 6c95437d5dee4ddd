// The parallel blocks of a replay: each block's lines run concurrently, one modelled thread per [pid N], under the
// replay's schedule (Workbench.Kernel.Sched). Interrupted calls print as strace -f prints them:
//   [pid 2] vmspace_destroy(0x3000 <unfinished ...>
//   [pid 3] vmspace_mcontrol(0x3000, 0, 0x1000, MADV_INVAL, 0) = 0
//   [pid 2] <... vmspace_destroy resumed>) = -1 EBUSY (Device busy)
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Sys;

namespace Workbench.Scenarios;

public static partial class Replayer
{
    /// <summary>Runs a replay's parallel blocks, one after another, under one strategy (so one schedule string
    /// covers them all).</summary>
    sealed class Blocks : IDisposable
    {
        readonly IScheduleStrategy _strategy;
        readonly Interleaver _interleaver;
        readonly bool _ownInterleaver;
        readonly List<int> _choices = new(), _defaults = new();
        readonly bool _retain;

        public Blocks(ReplayOptions options, string? scriptSchedule)
        {
            var schedule = options.Schedule ?? scriptSchedule;
            var inner = options.Strategy
                ?? (options.Schedule is null && options.ScheduleSeed is { } seed ? new RandomStrategy(seed)
                : new ExplicitStrategy(schedule ?? ""));
            _retain = options.Retain;
            _strategy = inner;
            _ownInterleaver = options.Interleaver is null;
            _interleaver = options.Interleaver ?? new Interleaver();
        }

        /// <summary>Decisions of every block so far.</summary>
        public int Decisions => _choices.Count;

        /// <summary>The schedule every block so far ran with, printable and shortest.</summary>
        public string ScheduleText => Schedule.Format(_choices, _defaults);

        /// <summary>Runs one block; false when the replay must stop (a script error, a model failure).</summary>
        public bool Run(Session run, List<ScriptEvent> block, ReplayResult r, InvariantChecker? checker,
                        List<FaultRecord> faults, Action<string> emit)
        {
            var m = r.Machine;
            var file = r.Script.File;
            var threads = new List<ModelThread>();
            var current = new Dictionary<int, ScriptEvent>();
            var heads = new Dictionary<int, string>();
            var unfinished = new HashSet<int>();
            foreach (var group in block.GroupBy(ev => ResolveThread(run, ev, m, file)))
            {
                var td = group.Key;
                var calls = group.Select(ev => (Action)(() =>
                {
                    current[td.lwp_tid] = ev;
                    RunLine(run, ev, r, faults, emit, heads, unfinished);
                })).ToList();
                threads.Add(new ModelThread(td, calls));
            }
            run.OnEnter = (tid, head) => heads[tid] = head;
            _interleaver.OnSwitchOut = t =>
            {
                if (t.InCall && heads.TryGetValue(t.Tid, out var head) && unfinished.Add(t.Tid))
                    emit(head + " <unfinished ...>");
            };
            RunEnd end;
            try
            {
                end = _interleaver.Run(m, threads, _strategy);
            }
            finally
            {
                run.OnEnter = null;
                _interleaver.OnSwitchOut = null;
            }
            _choices.AddRange(_interleaver.Choices);
            _defaults.AddRange(_interleaver.Defaults);
            int line = _interleaver.Failure is { } f && current.TryGetValue(f.Thread.Tid, out var at) ? at.Line : block[0].Line;
            switch (end)
            {
                case RunEnd.Pruned:
                    r.Pruned = true;
                    return false;
                case RunEnd.BadSchedule:
                    r.Error = new ScriptException(file, block[0].Line, "schedule: " + _interleaver.Failure!.Value.Error.Message);
                    emit("# script error: " + r.Error.Message);
                    return false;
                case RunEnd.Deadlock:
                    FailAs(r, "deadlock", $"{file}:{block[0].Line}: deadlock: no thread of the block can run ({_interleaver.DeadlockState})", emit);
                    return false;
                case RunEnd.Failed:
                    switch (_interleaver.Failure!.Value.Error)
                    {
                        case ScriptException se:
                            r.Error = se;
                            emit("# script error: " + se.Message);
                            return false;
                        case KernelPanicException kp:
                            FailAs(r, kp.Message.Contains("KASAN: double-free", StringComparison.Ordinal) ? "double free"
                                : kp.Message.Contains("KASAN: use-after-free", StringComparison.Ordinal) ? "use after free" : "panic", $"{file}:{line}: {kp.Message}", emit);
                            return false;
                        case var e:
                            FailAs(r, "panic", $"{file}:{line}: {e.GetType().Name}: {e.Message}", emit);
                            return false;
                    }
            }
            // Quiescent again: everything the block touched is checked in full.
            if (checker?.Finish() is { Count: > 0 } bad)
            {
                FailAs(r, "invariant", $"{file}:{block[^1].Line}: invariant broken after the parallel block: {string.Join("; ", bad)}", emit);
                return false;
            }
            return true;
        }

        static Lwp ResolveThread(Session run, ScriptEvent ev, Machine m, string file)
        {
            int tid = run.ResolveTid(ev);
            return m.FindLwp(tid) ?? throw new ScriptException(file, ev.Line, $"thread {tid} does not exist (it never did, or it exited)");
        }

        /// <summary>One line of a block, on its modelled thread: the call, then its trace lines.</summary>
        void RunLine(Session run, ScriptEvent ev, ReplayResult r, List<FaultRecord> faults, Action<string> emit,
                            Dictionary<int, string> heads, HashSet<int> unfinished)
        {
            var te = run.Step(ev);
            r.EventCount++;
            if (_retain) r.Events.Add(te);
            if (run.Text)
            {
                emit(unfinished.Remove(te.Tid) ? $"[pid {te.Tid}] <... {te.Call} resumed>) = {te.ResultText}" : te.Text);
                foreach (var msg in te.Messages) emit($"[kernel] {msg}");
                foreach (var f in faults.Where(f => f.Tid == te.Tid)) emit(FaultText(f));
                faults.RemoveAll(f => f.Tid == te.Tid);
            }
            heads.Remove(te.Tid);
            if (run.Check(ev, te) is { } mm) { r.Mismatches.Add(mm); emit($"# mismatch: {mm}"); }
        }

        public void Dispose()
        {
            if (_ownInterleaver) _interleaver.Dispose();
        }
    }

    static void FailAs(ReplayResult r, string kind, string failure, Action<string> emit)
    {
        r.FailureKind = kind;
        Fail(r, failure, emit);
    }
}
