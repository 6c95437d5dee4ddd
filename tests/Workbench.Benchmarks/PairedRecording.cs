// Recording overhead measured in alternating pairs (off, on) of the same seeded workload; see Program.cs.
using System.Diagnostics;
using System.Globalization;
using Workbench.Analysis.Workload;

namespace Workbench.Benchmarks;

/// <summary>Runs <c>pairs</c> off/on pairs after a warm-up and prints min, median and the median per-pair ratio.</summary>
static class PairedRecording
{
    public static int Run(int pairs)
    {
        var o = new WorkloadOptions { Seed = 1, Vkernels = 2, CpusPerVkernel = 2, Steps = 100_000 };
        for (int i = 0; i < 5; i++) { Off(o); On(o); }
        var off = new List<double>();
        var on = new List<double>();
        var ratio = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            // Alternate the order so neither side always runs right after a GC of the other.
            double a, b;
            if (i % 2 == 0) { a = Off(o); b = On(o); } else { b = On(o); a = Off(o); }
            off.Add(a); on.Add(b); ratio.Add(b / a);
        }
        var inv = CultureInfo.InvariantCulture;
        long events = VkernelWorkload.Run(o, record: false).Events;
        Console.WriteLine(string.Create(inv, $"workload: seed 1, 2 vkernels x 2 CPUs, 100000 steps, {events} events; {pairs} pairs"));
        Console.WriteLine(string.Create(inv, $"recording off: min {off.Min():0.00} ms, median {Median(off):0.00} ms"));
        Console.WriteLine(string.Create(inv, $"recording on:  min {on.Min():0.00} ms, median {Median(on):0.00} ms"));
        Console.WriteLine(string.Create(inv, $"on/off: median of per-pair ratios {Median(ratio):0.000}, ratio of mins {on.Min() / off.Min():0.000}, ratio of medians {Median(on) / Median(off):0.000}"));
        Console.WriteLine(string.Create(inv, $"overhead per recorded event (medians): {(Median(on) - Median(off)) * 1e6 / events:0} ns"));
        return 0;
    }

    static double Off(WorkloadOptions o)
    {
        var sw = Stopwatch.StartNew();
        VkernelWorkload.Run(o, record: false);
        return sw.Elapsed.TotalMilliseconds;
    }

    static double On(WorkloadOptions o)
    {
        var sw = Stopwatch.StartNew();
        var recorder = VkernelWorkload.Run(o, record: true).Recorder!;
        recorder.Dispose();
        return sw.Elapsed.TotalMilliseconds;
    }

    static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
