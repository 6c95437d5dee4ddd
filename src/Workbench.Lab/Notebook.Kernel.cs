// Notebook helpers for the kernel model: replay a scenario, turn its trace into a DataFrame, display a census.
using Microsoft.Data.Analysis;
using Workbench.Kernel;
using Workbench.Kernel.Observe;
using Workbench.Scenarios;

namespace Workbench.Lab;

public static partial class Notebook
{
    /// <summary>Replays a scenario file (a path relative to the notebook's folder) on a fresh machine.</summary>
    public static ReplayResult Replay(string path, ulong seed = 1) =>
        Replayer.RunFile(path, new ReplayOptions { Seed = seed });

    /// <summary>One row per event: seq, tick, line, pid, tid, call, args, result, errno, tokens, blocks.</summary>
    public static DataFrame TraceFrame(ReplayResult result)
    {
        var ev = result.Events;
        return new DataFrame(
            new Int64DataFrameColumn("seq", ev.Select(e => e.Seq)),
            new Int64DataFrameColumn("tick", ev.Select(e => e.Tick)),
            new Int32DataFrameColumn("line", ev.Select(e => e.Line)),
            new Int32DataFrameColumn("pid", ev.Select(e => e.Pid)),
            new Int32DataFrameColumn("tid", ev.Select(e => e.Tid)),
            new StringDataFrameColumn("call", ev.Select(e => e.Call)),
            new StringDataFrameColumn("args", ev.Select(e => e.Args)),
            new StringDataFrameColumn("result", ev.Select(e => e.ResultText)),
            new StringDataFrameColumn("errno", ev.Select(e => e.Result.Error > 0 ? Workbench.Kernel.Sys.Errno.Name(e.Result.Error) : "")),
            new Int32DataFrameColumn("tokens", ev.Select(e => e.Tokens.Count)),
            new Int32DataFrameColumn("blocks", ev.Select(e => e.Blocks.Count)));
    }

    /// <summary>The strace -c style summary as a DataFrame: call, calls, errors, errors by errno.</summary>
    public static DataFrame SummaryFrame(ReplayResult result)
    {
        var rows = SummaryTable.Rows(result.Events);
        return new DataFrame(
            new StringDataFrameColumn("call", rows.Select(r => r.Call)),
            new Int32DataFrameColumn("calls", rows.Select(r => r.Calls)),
            new Int32DataFrameColumn("errors", rows.Select(r => r.Errors)),
            new StringDataFrameColumn("errors_by_errno", rows.Select(r => string.Join(" ", r.ByErrno.Select(x => $"{x.Errno}={x.Count}")))));
    }

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
