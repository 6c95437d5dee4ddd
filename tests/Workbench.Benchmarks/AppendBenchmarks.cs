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
    static readonly SyscallRequest Request = new(Sysno.vmspace_ctl, 0x80_0100_0120, 1, 0x8_0060_0000, 0x8_0060_1000);

    [Benchmark(Description = "TraceBuffers.Append, 100,000 rows", OperationsPerInvoke = 1)]
    public int Append()
    {
        var b = new TraceBuffers(Rows);
        for (int i = 0; i < Rows; i++)
            b.Append(i + 1, i + 1, 2, 3, Request, new SysResult(-2, -1), 1, 0x80_0100_0120, 24, 5, 5, 0, 2, 2, 0, 1, 1, 1, 0, 0);
        int n = b.Count;
        b.Release();
        return n;
    }
}
