// Notebook helpers for the kernel model: replay a scenario, turn its trace into a DataFrame, display a census.
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Kernel;
using Workbench.Kernel.Observe;
using Workbench.Scenarios;

namespace Workbench.Lab;

public static partial class Notebook
{
    // The recorder each Notebook.Replay attached, so TraceFrame reads the rows the replay itself recorded.
    static readonly ConditionalWeakTable<ReplayResult, SyscallRecorder> Recorded = new();

    /// <summary>Replays a scenario file (a path relative to the notebook's folder) on a fresh machine, recording
    /// every system call and guest event with the workloads' recorder.</summary>
    public static ReplayResult Replay(string path, ulong seed = 1)
    {
        var recorder = new SyscallRecorder(seed);
        var result = Replayer.RunFile(path, new ReplayOptions { Seed = seed, Observers = [recorder] });
        Recorded.AddOrUpdate(result, recorder);
        return result;
    }

    /// <summary>The replay's trace as a DataFrame with the recorder's schema (<see cref="TraceSchema"/>): one row per
    /// system call and guest event, the same columns as a workload's trace. A result that did not come from
    /// <see cref="Replay"/> is replayed again (same script and seed) with a recorder attached.</summary>
    /// <remarks>No static field of this class may name a Microsoft.Data.Analysis type: the class initialiser would load
    /// that assembly before <see cref="Setup"/> installs the resolver, and in the real Jupyter kernel the DataFrame
    /// formatter would then be registered for another copy of the type.</remarks>
    public static DataFrame TraceFrame(ReplayResult result)
    {
        if (!Recorded.TryGetValue(result, out var recorder))
        {
            ulong seed = result.Machine.Options.Seed;
            recorder = new SyscallRecorder(seed);
            Replayer.Run(result.Script, new ReplayOptions { Seed = seed, Observers = [recorder] });
            Recorded.AddOrUpdate(result, recorder);
        }
        return recorder.ToDataFrame();
    }

    /// <summary>The strace -c view of a replay (<see cref="StraceSummary"/>): calls, errors by errno and the model's
    /// costs per call, most frequent first, then a total row.</summary>
    public static DataFrame SummaryFrame(ReplayResult result) => StraceSummary.Build(TraceFrame(result));

    /// <summary>Exits every process left by a replay and returns the census, which must then be empty.</summary>
    public static Census ExitAll(Machine m) => Shutdown.ExitAll(m);

    static partial void RegisterKernelFormatters()
    {
        Register<Census>(CensusHtml, c => c.ToString());
        Register<ReplayResult>(
            r => $"<pre>{System.Net.WebUtility.HtmlEncode(ReplayHeadline(r))}</pre>",
            ReplayHeadline);
    }

    static string CensusHtml(Census c)
    {
        var cells = new (string, object)[]
        {
            ("procs", c.Procs), ("lwps", c.Lwps), ("vkernels", c.Vkernels), ("vmspaces", c.Vmspaces), ("refs", c.Refs),
            ("lwps_in_vmspace", c.LwpsInVmspace), ("map_entries", c.MapEntries), ("resident_pages", c.ResidentPages),
        };
        return "<table><thead><tr>" + string.Concat(cells.Select(x => $"<th>{x.Item1}</th>")) + "</tr></thead><tbody><tr>" +
               string.Concat(cells.Select(x => $"<td>{x.Item2}</td>")) + "</tr></tbody></table>";
    }

    static string ReplayHeadline(ReplayResult r) =>
        $"{r.Script.File}: {r.Events.Count} events, {r.Mismatches.Count} mismatches, exit {r.ExitCode}; {r.Census}";
}
