// The parameter grid of `workbench sweep`: -p seed=1..20 -p size=10,100 gives every combination, the first -p
// outermost, numbered in that order; --shard I/N keeps the runs whose number is I modulo N, so N machines given
// I = 0..N-1 (a Slurm array's or an indexed Job's index) together run each point once.
using System.Globalization;

namespace Workbench.Notebooks.Sweep;

/// <summary>One grid point: its number in the grid and a value (as text) per parameter, in grid order.</summary>
public sealed record SweepPoint(int Run, IReadOnlyList<KeyValuePair<string, string>> Values);

/// <summary>A parsed grid. Immutable.</summary>
public sealed class SweepGrid
{
    /// <summary>Most points a grid may have.</summary>
    public const int MaxPoints = 100_000;

    SweepGrid(IReadOnlyList<(string Name, string[] Values)> axes) => Axes = axes;

    /// <summary>Each parameter with its values, in the order given.</summary>
    public IReadOnlyList<(string Name, string[] Values)> Axes { get; }

    /// <summary>Number of points.</summary>
    public int Count => Axes.Aggregate(1, (n, a) => n * a.Values.Length);

    /// <summary>
    /// Parses NAME=SPEC assignments. SPEC is <c>A..B</c> (whole numbers A to B inclusive), <c>A..B..STEP</c>, or a
    /// comma list <c>x,y,z</c> (one value is a list of one). A bad spec, a repeated name or a grid over
    /// <see cref="MaxPoints"/> points is a <see cref="FormatException"/> naming it.
    /// </summary>
    public static SweepGrid Parse(IEnumerable<KeyValuePair<string, string>> assignments)
    {
        var axes = new List<(string, string[])>();
        long points = 1;
        foreach (var (name, spec) in assignments)
        {
            if (axes.Any(a => a.Item1 == name)) throw new FormatException($"-p {name}: the parameter is given twice");
            var values = Values(name, spec);
            points *= values.Length;
            if (points > MaxPoints) throw new FormatException($"-p {name}={spec}: the grid would have more than {MaxPoints} points");
            axes.Add((name, values));
        }
        return new SweepGrid(axes);
    }

    static string[] Values(string name, string spec)
    {
        var parts = spec.Split("..");
        if (parts.Length is 2 or 3 && parts.All(p => long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            long from = long.Parse(parts[0], CultureInfo.InvariantCulture), to = long.Parse(parts[1], CultureInfo.InvariantCulture);
            long step = parts.Length == 3 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 1;
            if (step <= 0 || to < from) throw new FormatException($"-p {name}={spec}: a range A..B[..STEP] needs A <= B and STEP > 0");
            if ((to - from) / step >= MaxPoints) throw new FormatException($"-p {name}={spec}: more than {MaxPoints} values");
            var list = new List<string>();
            for (long v = from; v <= to; v += step) list.Add(v.ToString(CultureInfo.InvariantCulture));
            return list.ToArray();
        }
        if (spec.Contains("..", StringComparison.Ordinal)) throw new FormatException($"-p {name}={spec}: a range is A..B or A..B..STEP of whole numbers");
        return spec.Split(',');
    }

    /// <summary>Every point, numbered from 0; the last axis varies fastest.</summary>
    public IEnumerable<SweepPoint> Points()
    {
        for (int run = 0; run < Count; run++)
        {
            var values = new KeyValuePair<string, string>[Axes.Count];
            int rest = run;
            for (int a = Axes.Count - 1; a >= 0; a--)
            {
                values[a] = KeyValuePair.Create(Axes[a].Name, Axes[a].Values[rest % Axes[a].Values.Length]);
                rest /= Axes[a].Values.Length;
            }
            yield return new SweepPoint(run, values);
        }
    }
}

/// <summary><c>--shard I/N</c>: this machine runs the points whose number is I modulo N (0 &lt;= I &lt; N). Immutable.</summary>
public sealed record SweepShard(int Index, int Count)
{
    public bool Includes(int run) => run % Count == Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary><c>2/8</c>; null with <paramref name="error"/> set when it is not I/N with 0 &lt;= I &lt; N &lt;= 10000.</summary>
    public static SweepShard? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000 && i < n)
            return new SweepShard(i, n);
        error = $"--shard expects I/N with 0 <= I < N (e.g. 0/4 ... 3/4), got '{text}'";
        return null;
    }
}
