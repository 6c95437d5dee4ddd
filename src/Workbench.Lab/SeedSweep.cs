// An experiment repeated over seeds inside one notebook, summarised as a mean with a 95% confidence band per x
// (Charts.Band draws it). For grids over notebooks and machines, see `workbench sweep` and Notebook.Record.
using System.Globalization;

namespace Workbench.Lab;

/// <summary>One x of a band: how many seeds gave a y there, their mean and the 95% confidence interval of the mean.</summary>
public sealed record BandPoint(double X, int Seeds, double Mean, double Lower, double Upper)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"x={X}: {Mean:0.###} [{Lower:0.###}, {Upper:0.###}] over {Seeds} seeds");
}

/// <summary>Runs an experiment per seed and summarises it. Thread-safe (no state); the experiment runs one seed at a time.</summary>
public static class SeedSweep
{
    /// <summary>Student's t quantile 0.975 for 1..30 degrees of freedom; 1.96 (normal) beyond.</summary>
    static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>
    /// Runs <paramref name="experiment"/> for each seed (in order) and returns, per x (ascending), the mean of the
    /// y values and the 95% confidence interval of that mean (mean ± t·s/√n; with one seed the interval is the
    /// point itself). Deterministic for deterministic experiments. No requirements.
    /// </summary>
    public static List<BandPoint> Band(IEnumerable<ulong> seeds, Func<ulong, IEnumerable<(double X, double Y)>> experiment)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(experiment);
        var samples = new SortedDictionary<double, List<double>>();
        foreach (var seed in seeds)
            foreach (var (x, y) in experiment(seed))
            {
                if (!samples.TryGetValue(x, out var list)) samples[x] = list = [];
                list.Add(y);
            }
        return samples.Select(p => Summarise(p.Key, p.Value)).ToList();
    }

    static BandPoint Summarise(double x, List<double> ys)
    {
        int n = ys.Count;
        double mean = ys.Average();
        if (n < 2) return new BandPoint(x, n, mean, mean, mean);
        double sd = Math.Sqrt(ys.Sum(y => (y - mean) * (y - mean)) / (n - 1));
        double half = (n - 1 <= T975.Length ? T975[n - 2] : 1.96) * sd / Math.Sqrt(n);
        return new BandPoint(x, n, mean, mean - half, mean + half);
    }
}
