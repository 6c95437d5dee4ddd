// The recorder's own cost per row, without the model: appending rows to the columnar buffers (staging and transposition
// included). Reported per operation of 100,000 rows; divide by 100,000 for the cost per recorded call.
using BenchmarkDotNet.Attributes;
using Workbench.Analysis;
using Workbench.Kernel.Kern;

namespace Workbench.Benchmarks;

[MemoryDiagnoser, MinColumn, MedianColumn]
public class AppendBenchmarks
{
    const int Rows = 100_000;
    static readonly CallRecord Call = OneCall();

    /// <summary>A real call record (a vmspace_ctl that found no entry), as the dispatch point stamps it.</summary>
    static CallRecord OneCall()
    {
        var m = new Workbench.Kernel.Machine(new() { VkernelEnable = 1 });
        m.VmspaceCreate(m.Init!, 0x1000);
        m.VmspaceCtl(m.Init!, 0x80_0100_0120, 1, 0x8_0060_0000, 0x8_0060_1000);
        return m.LastCall!;
    }

    [Benchmark(Description = "TraceBuffers.Append, 100,000 rows", OperationsPerInvoke = 1)]
    public int Append()
    {
        var b = new TraceBuffers(Rows);
        for (int i = 0; i < Rows; i++)
            b.Append(Call, 0x80_0100_0120);
        int n = b.Count;
        b.Release();
        return n;
    }
}
