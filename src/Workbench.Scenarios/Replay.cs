// Replays a scenario script against a fresh Machine and produces an strace -f style trace. Deterministic: the same
// script, seed and options give the same trace, byte for byte.
using System.Globalization;
using System.Text;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Scenarios;

/// <summary>Options of a replay.</summary>
public sealed record ReplayOptions
{
    /// <summary>Seed of the machine (recorded in the trace header).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Run the invariant checker after every event; a violation stops the replay as a model failure.</summary>
    public bool CheckInvariants { get; init; } = true;

    /// <summary>Observers attached to the replay's machine before its first event (a <c>SyscallRecorder</c> to record
    /// the scenario with the workloads' schema, a test probe). They see every system call and guest event.</summary>
    public IReadOnlyList<ISyscallObserver> Observers { get; init; } = [];

    /// <summary>Keep every <see cref="TraceEvent"/> and the whole trace text in the result (the default, for tests and
    /// notebooks). Off, the result holds neither: the caller streams the lines through <c>onLine</c> and memory stays
    /// independent of the script's length.</summary>
    public bool Retain { get; init; } = true;

    /// <summary>With <see cref="CheckInvariants"/>: run the full, O(state) <c>Invariants.Check</c> after every event
    /// instead of the incremental checker (the reference, for benchmarks and comparisons).</summary>
    public bool FullCheckEveryEvent { get; init; }

    /// <summary>The kernel design the machine runs (the seed by default; recorded in the trace header otherwise).</summary>
    public Workbench.Kernel.Vkernel.Designs.KernelDesign Kernel { get; init; } = Workbench.Kernel.Vkernel.Designs.KernelDesign.Seed;

    /// <summary>The schedule of the script's parallel blocks, overriding its <c>schedule</c> line (null: the script's,
    /// else the default: each thread runs on until it finishes or waits, lowest tid first).</summary>
    public string? Schedule { get; init; }

    /// <summary>Run the parallel blocks under a seeded random schedule instead (ignored when <see cref="Schedule"/> is set).</summary>
    public ulong? ScheduleSeed { get; init; }

    /// <summary>The strategy of the parallel blocks (the explorer's); overrides <see cref="Schedule"/> and <see cref="ScheduleSeed"/>.</summary>
    public IScheduleStrategy? Strategy { get; init; }

    /// <summary>An interleaver to reuse (its OS threads serve run after run); null: the replay makes and disposes one.</summary>
    public Interleaver? Interleaver { get; init; }

    /// <summary>With <see cref="CheckInvariants"/>: also check after each event before the first parallel block (off
    /// for the explorer's later runs: that prefix runs identically in every run, and its first run checked it).</summary>
    public bool CheckBeforeFirstBlock { get; init; } = true;

    /// <summary>Format each event's argument text (off for the explorer, which compares results only).</summary>
    public bool FormatText { get; init; } = true;
}

/// <summary>One line of the trace: an event and what the kernel answered.</summary>
public sealed record TraceEvent(
    long Seq, long Tick, int Line, int Pid, int Tid, string Call, string Args, SysResult Result, string ResultText,
    IReadOnlyList<string> Tokens, IReadOnlyList<string> Blocks, IReadOnlyList<string> Messages)
{
    /// <summary><c>[pid 1] vmspace_create(0x1000, 0, 0) = -1 EEXIST (File exists)</c>.</summary>
    public string Text => $"[pid {Tid}] {Call}({Args}) = {ResultText}";
}

/// <summary>An expected result that did not match.</summary>
public sealed record Mismatch(string File, int Line, string Expected, string Got)
{
    public override string ToString() => $"{File}:{Line}: expected {Expected}, got {Got}";
}

/// <summary>The outcome of a replay.</summary>
public sealed class ReplayResult
{
    internal ReplayResult(Script script, Machine machine) { Script = script; Machine = machine; }

    public Script Script { get; }
    public Machine Machine { get; }
    public List<TraceEvent> Events { get; } = new();
    public List<Mismatch> Mismatches { get; } = new();
    /// <summary>Events run (also when <see cref="ReplayOptions.Retain"/> is off and <see cref="Events"/> is empty).</summary>
    public long EventCount { get; internal set; }
    /// <summary>Set when the script could not be run to its end (an impossible event).</summary>
    public ScriptException? Error { get; internal set; }
    /// <summary>Set when the model panicked or an invariant broke: a model failure, not a script error.</summary>
    public string? ModelFailure { get; internal set; }

    /// <summary>The kind of <see cref="ModelFailure"/>: "panic", "use after free", "invariant", "deadlock", "leak".</summary>
    public string? FailureKind { get; internal set; }

    /// <summary>The schedule the parallel blocks ran with (printable; "" for the default), or null without a block.</summary>
    public string? ScheduleText { get; internal set; }

    /// <summary>Scheduling decisions the parallel blocks took (points where more than one thread could run).</summary>
    public int Decisions { get; internal set; }

    /// <summary>True when the explorer's strategy pruned the run (a redundant interleaving).</summary>
    public bool Pruned { get; internal set; }
    public Census Census { get; internal set; }
    /// <summary>The full trace text (header, events, kernel messages, census), LF line endings.</summary>
    public string Trace { get; internal set; } = "";

    /// <summary>0 all expectations matched; 1 some did not; 2 the script could not be run; 3 the model failed.</summary>
    public int ExitCode => ModelFailure is not null ? 3 : Error is not null ? 2 : Mismatches.Count > 0 ? 1 : 0;
}

/// <summary>Replays scripts.</summary>
public static partial class Replayer
{
    /// <summary>Replays <paramref name="script"/> on a new machine. Never throws for script problems: they are in the
    /// result. <paramref name="onLine"/> sees each trace line as it is produced (for streaming output).</summary>
    public static ReplayResult Run(Script script, ReplayOptions? options = null, Action<string>? onLine = null)
        => Run(script, script.Events, options, onLine);

    /// <summary>Replays a file as it is read, one line at a time: with <see cref="ReplayOptions.Retain"/> off, memory
    /// does not grow with the file. A bad line stops the replay there as a script error (exit 2), after the lines
    /// before it ran. A file that cannot be opened throws <see cref="ScriptException"/> (line 0).</summary>
    public static ReplayResult RunStreamed(string path, ReplayOptions? options = null, Action<string>? onLine = null)
    {
        var script = Script.Streamed(path);
        var reader = new BlockReader(path);
        return Run(script, Script.ReadEvents(path, reader), options, onLine, () => reader.Schedule);
    }

    static ReplayResult Run(Script script, IEnumerable<ScriptEvent> events, ReplayOptions? options, Action<string>? onLine,
                            Func<string?>? streamedSchedule = null)
    {
        options ??= new ReplayOptions();
        var m = new Machine(new MachineOptions { Seed = options.Seed, Kernel = options.Kernel });
        foreach (var o in options.Observers) m.Attach(o);
        var r = new ReplayResult(script, m);
        var sb = options.Retain ? new StringBuilder() : null;
        void Emit(string line) { sb?.Append(line).Append('\n'); onLine?.Invoke(line); }

        Emit($"# replay {script.File} seed={options.Seed}" + (options.Kernel == Workbench.Kernel.Vkernel.Designs.KernelDesign.Seed ? "" : $" kernel={options.Kernel.Name}"));
        var faults = new List<FaultRecord>();
        m.FaultLog = faults;
        // Without a reader of the lines (nothing retained, no onLine), the argument text is not even formatted.
        var run = new Session(script, m) { Text = options.FormatText && (options.Retain || onLine is not null) };
        var checker = options.CheckInvariants ? new InvariantChecker(m, fullEveryCall: options.FullCheckEveryEvent) : null;
        int line = 0;
        Blocks? blocks = null;
        bool checkedLast = false; // the last thing that ran was a block, and its full check passed
        try
        {
            var block = new List<ScriptEvent>();
            bool go = true;
            foreach (var ev in events)
            {
                line = ev.Line;
                if (block.Count > 0 && ev.Block != block[0].Block)
                {
                    blocks ??= new Blocks(options, streamedSchedule?.Invoke() ?? script.Schedule);
                    go = blocks.Run(run, block, r, checker, faults, Emit);
                    block.Clear();
                    if (!go) break;
                }
                if (ev.Block > 0) { block.Add(ev); continue; }
                var stepChecker = blocks is null && !options.CheckBeforeFirstBlock ? null : checker;
                if (!Step(run, ev, r, stepChecker, faults, options.Retain, Emit)) { go = false; break; }
            }
            if (go && block.Count > 0)
            {
                blocks ??= new Blocks(options, streamedSchedule?.Invoke() ?? script.Schedule);
                checkedLast = blocks.Run(run, block, r, checker, faults, Emit);
            }
            if (checker is not null && !checkedLast && !r.Pruned && r.ModelFailure is null && r.Error is null && checker.Finish() is { Count: > 0 } bad)
                Fail(r, $"{script.File}:{line}: invariant broken (full check at the end): {string.Join("; ", bad)}", Emit);
        }
        catch (ScriptException e)
        {
            // A bad line of a streamed file: the lines before it ran.
            r.Error = e;
            Emit("# script error: " + e.Message);
        }
        finally
        {
            blocks?.Dispose();
        }
        if (blocks is not null)
        {
            r.ScheduleText = blocks.ScheduleText;
            r.Decisions = blocks.Decisions;
            Emit($"# schedule \"{r.ScheduleText}\"");
        }
        r.Census = Census.Take(m);
        Emit(r.Census.ToString());
        r.Trace = sb?.ToString() ?? "";
        return r;
    }

    /// <summary>Not a kernel function: runs one event, emits its lines; false when the replay must stop.</summary>
    static bool Step(Session run, ScriptEvent ev, ReplayResult r, InvariantChecker? checker, List<FaultRecord> faults,
                     bool retain, Action<string> Emit)
    {
        var file = r.Script.File;
        try
        {
            var te = run.Step(ev);
            r.EventCount++;
            if (retain) r.Events.Add(te);
            if (run.Text)
            {
                Emit(te.Text);
                foreach (var msg in te.Messages) Emit($"[kernel] {msg}");
                foreach (var f in faults) Emit(FaultText(f));
            }
            faults.Clear();
            if (run.Check(ev, te) is { } mm) { r.Mismatches.Add(mm); Emit($"# mismatch: {mm}"); }
            if (checker?.AfterCall() is { Count: > 0 } bad)
            {
                Fail(r, $"{file}:{ev.Line}: invariant broken after this event: {string.Join("; ", bad)}", Emit);
                return false;
            }
            return true;
        }
        catch (ScriptException e)
        {
            r.Error = e;
            Emit("# script error: " + e.Message);
            return false;
        }
        catch (KernelPanicException e)
        {
            Fail(r, $"{file}:{ev.Line}: {e.Message}", Emit);
            return false;
        }
    }

    static void Fail(ReplayResult r, string failure, Action<string> Emit)
    {
        r.ModelFailure = failure;
        Emit("# " + failure);
    }

    /// <summary>The trace line of a guest page fault (TLB hits print nothing):
    /// <c>[fault] READ 0x400000: walk levels=4 A+4 M+0 -> resolved, resident=1</c>.</summary>
    public static string FaultText(FaultRecord f)
    {
        var w = f.Walk;
        string how = !w.Walked
            ? f.Outcome switch
            {
                FaultOutcome.InvalidAddress => "no map entry (KERN_INVALID_ADDRESS)",
                FaultOutcome.ProtectionFailure => "KERN_PROTECTION_FAILURE (the entry lacks the access, or the page is past the end of the file)",
                _ => "normal entry",
            }
            : w.Failure == VpteFailure.None
                ? $"walk levels={w.Levels} A+{w.AUpdates} M+{w.MUpdates} page=0x{w.FinalPindex:x}"
                : $"walk levels={w.Levels} A+{w.AUpdates} M+{w.MUpdates} stopped: {w.Failure} (vpte 0x{w.FailedVpte:x})";
        string kind = (f.Write ? "WRITE" : "READ") + (f.Present ? " present" : "");
        string end = f.Reflected ? $"T_PAGEFLT err=0x{f.TfErr:x}" : $"resolved, resident={f.PmapResident}";
        if (f.Reflected && f.Walk.Walked && f.Walk.Failure == VpteFailure.None) how += " (page beyond the file)";
        return $"[fault] {kind} 0x{f.Va:x}: {how} -> {end}";
    }

    /// <summary>Loads and replays a file.</summary>
    public static ReplayResult RunFile(string path, ReplayOptions? options = null, Action<string>? onLine = null)
        => Run(Script.Load(path), options, onLine);

    /// <summary>The mutable state of one replay: bindings and the current thread.</summary>
    sealed class Session(Script script, Machine m)
    {
        readonly Dictionary<string, long> _bound = new(StringComparer.Ordinal);

        /// <summary>Whether the trace text is wanted: off, each event's argument text, tokens, blocking points and
        /// messages are left empty (nobody reads them).</summary>
        public bool Text { get; init; } = true;
        int _tid = 1;

        /// <summary>In a parallel block: told each call's head ("[pid 2] vmspace_destroy(0x3000") just before it
        /// enters the kernel, so an interrupted call can print as strace's "&lt;unfinished ...&gt;".</summary>
        public Action<int, string>? OnEnter { get; set; }

        /// <summary>The thread a line names (a block's lines always name one).</summary>
        public int ResolveTid(ScriptEvent ev) => ev.Thread is null ? _tid : ev.Thread.Tid ?? (int)Value(ev, new Arg.Bound(ev.Thread.Name!, 0));

        ScriptException Err(ScriptEvent ev, string why) => new(script.File, ev.Line, why);

        public TraceEvent Step(ScriptEvent ev)
        {
            if (m.Procs.Count == 0) throw Err(ev, "every process has exited; nothing can run");
            int tid = ResolveTid(ev);
            var td = m.FindLwp(tid) ?? throw Err(ev, $"thread {tid} does not exist (it never did, or it exited)");
            _tid = tid;
            if (ev.Call.Kind == CallKind.Guest && !td.InVmspace)
                throw Err(ev, $"{ev.Call.Name} on thread {tid}, which is not running in a vmspace (no successful VMSPACE_CTL_RUN)");
            if (ev.Call.Kind != CallKind.Guest && td.InVmspace)
                throw Err(ev, ev.Call.Kind == CallKind.User
                    ? $"{ev.Call.Name} on thread {tid}, which is running emulated code inside a vmspace; the vkernel's own loads and stores run on a thread outside (use guest_access inside)"
                    : $"host call {ev.Call.Name} on thread {tid}, which is running emulated code inside a vmspace; a guest event must return it first");

            Span<long> values = stackalloc long[SyscallRequest.MaxWords];
            int n = 0;
            string? str = null;
            var argText = Text ? new List<string>(ev.Args.Count) : null;
            for (int i = 0; i < ev.Args.Count; i++)
            {
                if (ev.Args[i] is Arg.Text t) { str = t.Value; argText?.Add(Symbols.Format(ArgFormat.Str, 0, t.Value)); continue; }
                values[n] = Value(ev, ev.Args[i]);
                argText?.Add(Symbols.Format(ev.Call.Visible[i].Format, values[n]));
                n++;
            }
            var req = ev.Call.Request(values[..n], str);
            int pid = td.lwp_proc.p_pid;
            var before = m.Messages.Count;
            if (OnEnter is not null && argText is not null) OnEnter(tid, $"[pid {tid}] {ev.Call.Name}({string.Join(", ", argText)}");
            var result = m.Enter(td, req);
            var call = m.LastCall!;
            if (ev.Bind is not null) _bound[ev.Bind] = result.Ok ? result.Value : -1;
            string resultText = ev.Call.No == Sysno.exit || (ev.Call.No == Sysno.extexit_lwp && td.Exited && !m.Procs.ContainsKey(pid))
                ? "?"
                : result.Ok && ev.Call.Result is not (ArgFormat.Int or ArgFormat.Hex) ? Symbols.Format(ev.Call.Result, result.Value)
                : result.Format(hex: ev.Call.Result == ArgFormat.Hex);
            return new TraceEvent(call.Seq, call.Tick, ev.Line, pid, tid, ev.Call.Name, argText is null ? "" : string.Join(", ", argText), result,
                resultText,
                Text ? call.Tokens.ToArray() : [], Text ? call.Blocks.ToArray() : [],
                !Text ? [] : OnEnter is null ? m.Messages.Skip(before).ToArray() : call.Messages.ToArray());
        }

        long Value(ScriptEvent ev, Arg arg) => arg switch
        {
            Arg.Num n => n.Value,
            Arg.Bound b => _bound.TryGetValue(b.Name, out var v) ? v + b.Offset : throw Err(ev, $"'{b.Name}' is not bound yet"),
            _ => throw Err(ev, "a string is not a number"),
        };

        public Mismatch? Check(ScriptEvent ev, TraceEvent te)
        {
            var got = te.Result;
            string gotText() => got.Error == 0 ? $"{got.Value} ({te.ResultText})" : te.ResultText; // only for a mismatch
            switch (ev.Expect)
            {
                case null or Expectation.Unchecked:
                    return null;
                case Expectation.JustReturn:
                    return got.Error == Errno.EJUSTRETURN ? null : new(script.File, ev.Line, "EJUSTRETURN", gotText());
                case Expectation.Error e:
                    return got.Error == e.Errno ? null : new(script.File, ev.Line, $"-1 {e.Name}", gotText());
                case Expectation.Value v:
                    long want = Value(ev, v.Expected);
                    return got.Error == 0 && got.Value == want
                        ? null
                        : new(script.File, ev.Line, want.ToString(CultureInfo.InvariantCulture), gotText());
                default:
                    return null;
            }
        }
    }
}
