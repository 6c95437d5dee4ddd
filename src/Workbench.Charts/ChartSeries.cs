// One named series of a multi-series chart.
using System.Numerics;

namespace Workbench.Charts;

/// <summary>
/// A named series: x/y points (Line, Scatter, StepLine) or category/value pairs (Bar).
/// Build one with <see cref="Charts.Series{TX, TY}"/> or <see cref="Charts.BarSeries{TY}"/>. Immutable.
/// </summary>
public sealed record ChartSeries
{
    internal ChartSeries(string name, double[]? x, string[]? categories, double[] y)
    {
        Name = name;
        X = x;
        Categories = categories;
        Y = y;
    }

    /// <summary>Legend name.</summary>
    public string Name { get; }

    /// <summary>X values, or null for a bar series.</summary>
    public IReadOnlyList<double>? X { get; }

    /// <summary>Categories, or null for an x/y series.</summary>
    public IReadOnlyList<string>? Categories { get; }

    /// <summary>Y values (bar heights for a bar series).</summary>
    public IReadOnlyList<double> Y { get; }

    internal int Count => Y.Count;

    internal static double[] ToDoubles<T>(IEnumerable<T> values, string what) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values, what);
        return values.Select(v => double.CreateChecked(v)).ToArray();
    }
}
