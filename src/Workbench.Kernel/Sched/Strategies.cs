// Not in the C: the scheduling strategies of a single run. Each is deterministic given its inputs (a schedule string
// or a seed); none reads a clock or an ambient random source.
namespace Workbench.Kernel.Sched;

/// <summary>Follows a schedule string; after its last choice, the default (run on, else the lowest tid).</summary>
public sealed class ExplicitStrategy(Schedule schedule) : IScheduleStrategy
{
    int _next;

    public ExplicitStrategy(string text) : this(Schedule.Parse(text)) { }

    public int Choose(ScheduleState s)
    {
        if (_next >= schedule.Choices.Count) return s.Default;
        int tid = schedule.Choices[_next++];
        if (!s.Enabled.Contains(tid))
            throw new ScheduleException($"schedule item {_next} asks for thread {tid}, which cannot run at decision {s.Index} (runnable: {string.Join(", ", s.Enabled)}; it is waiting, finished, or not in the block)");
        return tid;
    }
}

/// <summary>Uniformly random among the runnable threads at every decision, from a seed (SplitMix64).</summary>
public sealed class RandomStrategy(ulong seed) : IScheduleStrategy
{
    readonly SplitMix64 _rng = new(seed);

    public int Choose(ScheduleState s) => s.Enabled[(int)(_rng.Next() % (ulong)s.Enabled.Count)];
}

/// <summary>PCT (Burckhardt et al., ASPLOS 2010): random distinct thread priorities and <c>depth - 1</c> priority
/// change points among the first <paramref name="steps"/> decisions; the highest-priority runnable thread runs. A bug
/// of depth d is found with probability at least 1/(n k^(d-1)) per run.</summary>
public sealed class PctStrategy : IScheduleStrategy
{
    readonly SplitMix64 _rng;
    readonly Dictionary<int, long> _priority = new();
    readonly HashSet<int> _changeAt = new();
    long _low;

    public PctStrategy(ulong seed, int depth, int steps)
    {
        _rng = new SplitMix64(seed);
        _low = 0;
        for (int i = 1; i < depth; i++) _changeAt.Add((int)(_rng.Next() % (ulong)Math.Max(1, steps)));
    }

    public int Choose(ScheduleState s)
    {
        foreach (var tid in s.Enabled)
            if (!_priority.ContainsKey(tid)) _priority[tid] = 1_000_000 + (long)(_rng.Next() % 1_000_000);
        int best = Best(s);
        if (_changeAt.Contains(s.Index))
        {
            _priority[best] = --_low; // the running thread drops below every other
            best = Best(s);
        }
        return best;
    }

    int Best(ScheduleState s)
    {
        int best = s.Enabled[0];
        foreach (var tid in s.Enabled) if (_priority[tid] > _priority[best]) best = tid;
        return best;
    }
}

/// <summary>Records the runnable sets and pending points of every decision while delegating the choice (the explorer
/// and timelines read them).</summary>
public sealed class RecordingStrategy(IScheduleStrategy inner) : IScheduleStrategy
{
    public List<ScheduleState> Decisions { get; } = new();

    public int Choose(ScheduleState s)
    {
        Decisions.Add(s with { Enabled = s.Enabled.ToArray(), Pending = s.Pending.ToArray() }); // the lists are the interleaver's buffers
        return inner.Choose(s);
    }
}

/// <summary>Round robin over the runnable threads at every decision: the model of K CPUs that each take a step in
/// turn (a thread that waits for a token or lock is skipped). Used to measure contention (spec §7 A1).</summary>
public sealed class RoundRobinStrategy : IScheduleStrategy
{
    public int Choose(ScheduleState s)
    {
        foreach (var tid in s.Enabled)
            if (tid > s.Current) return tid;
        return s.Enabled[0];
    }
}
