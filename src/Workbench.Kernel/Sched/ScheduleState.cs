// Not in the C: what a scheduling strategy sees at a decision: the threads it may run next.
namespace Workbench.Kernel.Sched;

/// <summary>A decision of the scheduler: more than one thread could run next.</summary>
/// <param name="Index">The decision's number in the run (0, 1, ...).</param>
/// <param name="Current">The thread at the switch point, or -1 when none is (the start, or a thread just finished).</param>
/// <param name="Enabled">The tids that can run, ascending.</param>
/// <param name="Pending">What each enabled thread does next, in the order of <paramref name="Enabled"/>.</param>
/// <remarks>The lists are valid during <see cref="IScheduleStrategy.Choose"/> only: a strategy that keeps them copies them.</remarks>
public sealed record ScheduleState(int Index, int Current, IReadOnlyList<int> Enabled, IReadOnlyList<SwitchPoint> Pending)
{
    /// <summary>The choice that switches nothing: the current thread if it can run on, else the lowest tid.</summary>
    public int Default => Current >= 0 && Enabled.Contains(Current) ? Current : Enabled[0];
}

/// <summary>Chooses the thread to run at each decision. One strategy object serves one run.</summary>
public interface IScheduleStrategy
{
    /// <summary>A tid from <see cref="ScheduleState.Enabled"/>. Throw <see cref="ScheduleException"/> for a choice that
    /// cannot be made (an explicit schedule naming a thread that cannot run).</summary>
    int Choose(ScheduleState state);
}

/// <summary>A schedule that cannot be followed (names a thread that cannot run at that decision).</summary>
public sealed class ScheduleException(string message) : Exception(message);

/// <summary>Not in the C: a run that the strategy chose to stop (the explorer pruning a redundant run).</summary>
public sealed class SchedulePrunedException() : Exception("pruned");
