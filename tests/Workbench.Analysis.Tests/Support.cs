// Shared helpers: a small vkernel set up on a fresh machine (its host calls through Workbench.Guest's HostProtocol),
// and DataFrame equality with messages that say where.
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Tests;

/// <summary>A vkernel process (pid 2) with a recorder attached from its first call, and its trapframe pages.</summary>
internal sealed class Vkernel
{
    public Machine M { get; }
    public SyscallRecorder Rec { get; }
    public Lwp Td { get; }
    public ulong Frames { get; }

    public Vkernel(ulong seed = 1)
    {
        M = new Machine(new MachineOptions { Seed = seed, VkernelEnable = 1 });
        Rec = SyscallRecorder.Attach(M);
        Td = M.FindLwp((int)M.Fork(M.Init!).Value)!;
        Frames = HostProtocol.AllocFrames(M, Td, 2);
    }

    /// <summary>go_user of CPU <paramref name="cpu"/> into <paramref name="id"/>; its result is the test's to check.</summary>
    public SysResult Run(Lwp td, ulong id, int cpu = 0) =>
        HostProtocol.go_user(M, td, id, Frames + (ulong)cpu * HostProtocol.FrameBytes, _ => { });

    /// <summary>The last recorded row as a DataFrame row index plus the frame.</summary>
    public (DataFrame Df, long Row) Last()
    {
        var df = Rec.ToDataFrame();
        return (df, df.Rows.Count - 1);
    }
}

internal static class Frames
{
    /// <summary>Fails with the first differing column, row and values.</summary>
    public static void AssertEqual(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        foreach (var c in expected.Columns)
        {
            var a = actual[c.Name];
            Assert.True(c.DataType == a.DataType, $"column {c.Name}: {a.DataType.Name} instead of {c.DataType.Name}");
            for (long r = 0; r < c.Length; r++)
                if (!Equals(c[r], a[r]))
                    Assert.Fail($"column {c.Name}, row {r}: '{a[r]}' instead of '{c[r]}'");
        }
    }
}
