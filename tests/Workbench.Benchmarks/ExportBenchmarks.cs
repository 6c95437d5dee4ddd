// DataFrame build for 1,000,000 rows (done-when: under a second on the 2-core machine), CSV and Arrow export.
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Analysis.Workload;

namespace Workbench.Benchmarks;

/// <summary>A recorded trace of at least 1,000,000 rows (seed 1, 4 vkernels × 4 CPUs, 850,000 steps), built once;
/// each benchmark converts or writes it.</summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class ExportBenchmarks
{
    SyscallRecorder _trace = null!;
    DataFrame _frame = null!;
    string _dir = null!;

    [GlobalSetup]
    public void Setup()
    {
        _trace = VkernelWorkload.Run(new WorkloadOptions { Seed = 1, Vkernels = 4, CpusPerVkernel = 4, Steps = 850_000 }).Recorder!;
        if (_trace.Count < 1_000_000) throw new InvalidOperationException($"{_trace.Count} rows instead of at least 1,000,000");
        Console.WriteLine($"// trace rows: {_trace.Count}");
        _frame = _trace.ToDataFrame();
        _dir = Directory.CreateTempSubdirectory("wb-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "ToDataFrame (1M+ rows)")]
    public long ToDataFrame() => _trace.ToDataFrame().Rows.Count;

    [Benchmark(Description = "WriteCsv (1M+ rows)")]
    public long WriteCsv()
    {
        var path = Path.Combine(_dir, "trace.csv");
        CsvFiles.Write(_frame, path);
        return new FileInfo(path).Length;
    }

    [Benchmark(Description = "WriteArrow (1M+ rows)")]
    public long WriteArrow()
    {
        var path = Path.Combine(_dir, "trace.arrow");
        _trace.WriteArrow(path);
        return new FileInfo(path).Length;
    }
}
