// Chart helpers and notebook formatters: offline HTML with the plotly marker, seed in titles, units on axes,
// aggregation and WebGL for large traces.
using Microsoft.Data.Analysis;
using Workbench.Analysis;
using Workbench.Analysis.Experiments;
using Workbench.Analysis.Workload;
using Workbench.Charts;
using Workbench.Charts.Contract;
using Workbench.Lab;

namespace Workbench.Analysis.Tests.Lab;

public class ChartAndFormatterTests
{
    static readonly DataFrame Trace = VkernelWorkload.Run(new WorkloadOptions { Seed = 9, Steps = 2_000 }).Recorder!.ToDataFrame();

    public static IEnumerable<object[]> AllCharts() =>
    [
        ["lookup", (Func<WorkbenchChart>)(() => AnalysisCharts.LookupComparisons(Trace, 9))],
        ["refcount", (Func<WorkbenchChart>)(() => AnalysisCharts.RefcountTimeline(Trace, 9))],
        ["mix", (Func<WorkbenchChart>)(() => AnalysisCharts.SyscallMix(Trace, 9))],
        ["mix-time", (Func<WorkbenchChart>)(() => AnalysisCharts.MixOverTime(Trace, 9))],
        ["errors", (Func<WorkbenchChart>)(() => AnalysisCharts.ErrorsOverTime(Trace, 9))],
        ["cost", (Func<WorkbenchChart>)(() => AnalysisCharts.CostDistribution(Trace, 9))],
    ];

    [Theory]
    [MemberData(nameof(AllCharts))]
    public void every_chart_is_offline_html_with_the_plotly_marker_the_seed_and_units(string name, Func<WorkbenchChart> make)
    {
        var chart = make();
        Assert.StartsWith(Workbench.Charts.Charts.NeedsPlotlyMarker, chart.Html);
        Assert.DoesNotMatch("src=[\"']?(https?:)?//", chart.Html); // nothing fetched: plotly.js is inlined or already on the page
        Assert.EndsWith("(seed 9)", chart.Title);
        Assert.Matches(@"\(.+\)", chart.Spec.XTitle + chart.Spec.YTitle);
        Assert.Contains("\"data\":[", chart.FigureJson);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void refcount_timeline_draws_step_lines_and_marks_EBUSY()
    {
        var story = RefcountLifecycle.Run(1).Trace.ToDataFrame();
        var spec = AnalysisCharts.RefcountTimeline(story, 1).Spec;
        Assert.Contains(spec.Series, s => s.Kind == TraceKind.StepLine && s.Name.StartsWith("ve 0x", StringComparison.Ordinal));
        var busy = Assert.Single(spec.Series, s => s.Name == "EBUSY (vmspace_destroy)");
        Assert.Equal(TraceKind.Scatter, busy.Kind);
        Assert.Equal(6, busy.Values.Length);
        Assert.Contains(spec.Series, s => s.Name.StartsWith("vkp->refs", StringComparison.Ordinal));
        Assert.Contains("\"shape\":\"hv\"", AnalysisCharts.RefcountTimeline(story, 1).FigureJson);
    }

    [Fact]
    public void a_million_row_trace_plots_through_aggregation_not_a_million_points()
    {
        var big = VkernelWorkload.Run(new WorkloadOptions { Seed = 2, Steps = 850_000, Vkernels = 4, CpusPerVkernel = 4 }).Recorder!.ToDataFrame();
        Assert.True(big.Rows.Count >= 1_000_000, $"{big.Rows.Count} rows");
        foreach (var chart in new[]
        {
            AnalysisCharts.LookupComparisons(big, 2), AnalysisCharts.SyscallMix(big, 2), AnalysisCharts.MixOverTime(big, 2),
            AnalysisCharts.ErrorsOverTime(big, 2), AnalysisCharts.CostDistribution(big, 2),
        })
            Assert.True(chart.Spec.Series.Sum(s => s.Values.Length) < 2_000, $"{chart}");
        var timeline = AnalysisCharts.RefcountTimeline(big, 2, maxSeries: 16);
        if (timeline.Spec.Series.Sum(s => s.Values.Length) > Workbench.Charts.Charts.WebGlThreshold)
        {
            Assert.True(timeline.Spec.UseWebGl);
            Assert.Contains("scattergl", timeline.FigureJson);
        }
        else Assert.False(timeline.Spec.UseWebGl);
    }

    [Fact]
    public void a_refcount_timeline_above_the_threshold_uses_scattergl()
    {
        var t = VkernelWorkload.Run(new WorkloadOptions { Seed = 3, Steps = 40_000, Vkernels = 1, CpusPerVkernel = 4, GuestProcesses = 2, MaxGuestProcesses = 2, SpawnWeight = 0, ExitWeight = 0 }).Recorder!.ToDataFrame();
        var chart = AnalysisCharts.RefcountTimeline(t, 3);
        Assert.True(chart.Spec.Series.Sum(s => s.Values.Length) > Workbench.Charts.Charts.WebGlThreshold, chart.ToString());
        Assert.True(chart.Spec.UseWebGl);
        Assert.Contains("\"type\":\"scattergl\"", chart.FigureJson);
    }

    [Fact]
    public void lookup_scaling_chart_draws_the_log2_bound_and_the_hash_what_if()
    {
        var run = LookupScaling.Run(new LookupScalingOptions { Sizes = [8, 64], LookupsPerSize = 50 });
        var spec = AnalysisCharts.LookupScaling(run.Table, 1).Spec;
        Assert.Contains(spec.Series, s => s.Name == "log2(n)");
        Assert.Contains(spec.Series, s => s.Name.StartsWith("hash (Fibonacci)", StringComparison.Ordinal));
        Assert.Equal("live vmspaces (count, log scale)", spec.XTitle);
        Assert.Equal((AxisScale.Log, AxisScale.Log), (spec.XScale, spec.YScale));
        Assert.Contains(spec.Series, s => s.X!.SequenceEqual(new double[] { 8, 64 }));   // real sizes, not their log2
    }

    [Fact]
    public void refcount_envelope_aggregates_a_long_run_into_buckets_under_the_cpu_bound()
    {
        var spec = AnalysisCharts.RefcountEnvelope(Trace, 9, cpus: 2, buckets: 20).Spec;
        var highest = spec.Series.Single(s => s.Name.StartsWith("highest", StringComparison.Ordinal));
        Assert.True(highest.Values.Length <= 21);
        Assert.True(highest.Values.Max() is > 0 and <= 2, $"highest ve->refs {highest.Values.Max()} instead of 1..2 CPUs");
        Assert.Contains(spec.Series, s => s.Name == "bound: 2 CPUs");
    }

    [Fact]
    public void cost_shares_sum_to_100_percent_and_guest_traps_cost_no_compares()
    {
        var rows = AnalysisCharts.CostShares(Trace);
        Assert.InRange(rows.Sum(r => r.PctCalls), 99.9, 100.1);
        Assert.InRange(rows.Sum(r => r.PctCompares), 99.9, 100.1);
        Assert.InRange(rows.Sum(r => r.PctTokens), 99.9, 100.1);
        Assert.Equal(0, rows.Single(r => r.Call == "guest_trap").PctCompares);
    }

    [Fact]
    public void a_vmspace_entry_renders_its_map_as_a_table_and_a_vkernel_as_its_tree()
    {
        var v = new Vkernel();
        foreach (ulong id in new ulong[] { 0x1000, 0x2000, 0x3000, 0x4000 }) v.M.VmspaceCreate(v.Td, id);
        v.M.VmspaceMmap(v.Td, 0x2000, 0, 0x10000, 3, Workbench.Kernel.Sys.Mman.MAP_ANON | Workbench.Kernel.Sys.Mman.MAP_PRIVATE | Workbench.Kernel.Sys.Mman.MAP_FIXED, -1, 0);
        var vkp = v.Td.lwp_proc.p_vkernel!;
        var ve = vkp.root.RB_FIND(0x2000)!;
        var html = AnalysisFormatters.EntryHtml(ve);
        Assert.Contains("<th>start</th><th>end</th><th>prot</th><th>maptype</th><th>master_pde</th>", html);
        Assert.Contains("<td>0x0</td><td>0x10000</td><td>rw-</td><td>NORMAL</td>", html);
        var tree = AnalysisFormatters.TreeText(vkp, html: false);
        Assert.Contains("4 vmspaces, height 3", tree);
        Assert.Contains("0x2000 [B] refs=0", tree);
        Assert.Contains("0x4000 [R]", tree);
        Assert.Equal(5, tree.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void a_trace_excerpt_reads_like_strace_with_refs_and_compares()
    {
        var df = RefcountLifecycle.Run(1).Trace.ToDataFrame();
        var x = TraceExcerpt.Where(df, "errno", "EBUSY", count: 2);
        Assert.Equal(2, x.Lines.Count);
        Assert.Matches(@"^\s+\d+ \[pid \d+ tid \d+\] vmspace_destroy\(0x[0-9a-f]+\) = -1 EBUSY  refs 2->2 cmp \d+$", x.Lines[0]);
        Assert.EndsWith($"(2 of {df.Rows.Count} rows)\n", x.ToString());
    }

    [Fact]
    public void the_demo_vkernel_draws_its_tree_and_shows_one_vpagetable_entry_with_its_master_pde()
    {
        var demo = DemoVkernel.Build(seed: 1, guests: 20);
        var tree = AnalysisFormatters.TreeText(demo.Vkernel);
        Assert.Contains("20 vmspaces, height 6", tree);
        Assert.Equal(21, tree.TrimEnd('\n').Split('\n').Length);
        var text = AnalysisFormatters.EntryText(demo.Entry(0));
        Assert.Contains("0x0                0x800000000000     rw-  VPAGETABLE 0x100d", text); // PML4 page 1 | VPTE_R|W|V
        Assert.Contains("1 map entries", text);
        var html = AnalysisFormatters.TreeText(demo.Vkernel, html: true);
        Assert.Contains("\u0001", html); // red nodes are marked for the HTML formatter
        var census = demo.Exit();
        Assert.Equal((0, 0), (census.Vkernels, census.Vmspaces));
    }
}
