// The closing "findings" cell of every notebook: each claim checked in one line, so a headless run fails with a
// message that says which claim stopped holding and for which seed.
using Workbench.Kernel.Observe;

namespace Workbench.Lab;

/// <summary>Thrown when a notebook's claim does not hold; the message names the claim, what was seen and the seed.</summary>
public sealed class FindingException(string message) : Exception(message);

/// <summary>
/// Claim checks for a notebook's findings cell. Create one per notebook with its seed:
/// <code>
/// var f = new Findings(seed);
/// f.Claim(mean &lt; bound, $"mean {mean} under the bound {bound}");
/// f.NothingLeft(run.Census);
/// f.Summary("lookups scale as log2(n)")
/// </code>
/// Not thread-safe (one cell uses it).
/// </summary>
public sealed class Findings(ulong seed)
{
    readonly List<string> _held = [];

    /// <summary>The seed every message names.</summary>
    public ulong Seed { get; } = seed;

    /// <summary>Claims checked so far, in order.</summary>
    public IReadOnlyList<string> Held => _held;

    /// <summary>Throws <see cref="FindingException"/> "finding does not hold (seed N): CLAIM" unless <paramref name="holds"/>.</summary>
    public Findings Claim(bool holds, string claim)
    {
        if (!holds) throw new FindingException($"finding does not hold (seed {Seed}): {claim}");
        _held.Add(claim);
        return this;
    }

    /// <summary>Checks <paramref name="holds"/> for every item; the message names the first item that breaks it.</summary>
    public Findings ForEach<T>(IEnumerable<T> items, Func<T, bool> holds, Func<T, string> claim)
    {
        foreach (var item in items) Claim(holds(item), claim(item));
        return this;
    }

    /// <summary>
    /// Every census shows no vkernel, no vmspace and no reference left (the teardown claim of every notebook).
    /// Processes are not counted: a replay's census is taken before its processes exit.
    /// </summary>
    public Findings NothingLeft(params Census[] censuses)
    {
        foreach (var c in censuses)
            Claim(c.Vkernels == 0 && c.Vmspaces == 0 && c.Refs == 0 && c.MapEntries == 0, $"nothing left behind, but: {c}");
        return this;
    }

    /// <summary>Every census is completely empty (<see cref="Census.IsEmpty"/>): not even a process is left.</summary>
    public Findings Empty(params Census[] censuses)
    {
        foreach (var c in censuses) Claim(c.IsEmpty, $"the census is empty, but: {c}");
        return this;
    }

    /// <summary>"findings hold (N claims, seed S): TEXT": the findings cell's value.</summary>
    public string Summary(string text) => $"findings hold ({_held.Count} claims, seed {Seed}): {text}";
}
