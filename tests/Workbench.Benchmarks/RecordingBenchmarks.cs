// Recording overhead on a realistic workload: the same seeded VkernelWorkload with and without the recorder attached.
// Done-when: recording on costs at most 15% over recording off.
using BenchmarkDotNet.Attributes;
using Workbench.Analysis.Workload;
using Workbench.Kernel;
using Workbench.Kernel.Kern;

namespace Workbench.Benchmarks;

/// <summary>One workload run of <see cref="Steps"/> steps (2 vkernels × 2 CPUs, about 1.25 events per step) with
/// recording off (the baseline) and on (recorder attached, tree counters hooked, one row per event).</summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class RecordingBenchmarks
{
    /// <summary>Scheduling steps per run.</summary>
    [Params(100_000)]
    public int Steps { get; set; }

    WorkloadOptions _options = null!;

    [GlobalSetup]
    public void Setup() => _options = new WorkloadOptions { Seed = 1, Vkernels = 2, CpusPerVkernel = 2, Steps = Steps };

    [Benchmark(Baseline = true, Description = "workload, recording off")]
    public long RecordingOff() => VkernelWorkload.Run(_options, record: false).Events;

    /// <summary>Recording on, the recorder disposed after the run (its pooled buffers serve the next run).</summary>
    /// <summary>Recording off, but a do-nothing observer attached: the cost of the dispatch hook alone.</summary>
    [Benchmark(Description = "workload, empty observer attached")]
    public long EmptyObserver() => VkernelWorkload.Run(_options, record: false, observer: new NullObserver()).Events;

    [Benchmark(Description = "workload, recording on")]
    public long RecordingOn()
    {
        var recorder = VkernelWorkload.Run(_options, record: true).Recorder!;
        int rows = recorder.Count;
        recorder.Dispose();
        return rows;
    }

    /// <summary>Recording on, the recorder never disposed: every run writes into freshly allocated memory (the cost
    /// a one-off notebook run pays).</summary>
    [Benchmark(Description = "workload, recording on, buffers not returned")]
    public long RecordingOnFreshBuffers() => VkernelWorkload.Run(_options, record: true).Recorder!.Count;
}

/// <summary>An observer that does nothing.</summary>
sealed class NullObserver : ISyscallObserver
{
    public void OnEnter(Machine m, CallRecord call) { }
    public void OnExit(Machine m, CallRecord call) { }
}
