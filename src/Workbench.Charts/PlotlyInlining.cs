// When a chart's HTML fragment carries plotly.js itself (offline rendering contract).
namespace Workbench.Charts;

/// <summary>
/// Whether chart HTML inlines plotly.js. Every fragment carries <see cref="Charts.NeedsPlotlyMarker"/>
/// and expects <c>window.Plotly</c>; the Workbench headless runner (entry assembly <c>workbench</c>)
/// inlines plotly.js once per page when it sees the marker. Other hosts (the dotnet-interactive
/// kernel behind VS Code or Jupyter, dotnet-repl, test hosts) have no such step, so there the first
/// chart rendered in the process carries plotly.js, guarded so it only runs if <c>window.Plotly</c>
/// is undefined. See <see cref="Charts.Inlining"/> for how the mode is chosen.
/// </summary>
public enum PlotlyInlining
{
    /// <summary>The first chart whose <see cref="WorkbenchChart.Html"/> is built in this process carries plotly.js.</summary>
    FirstChartInProcess,

    /// <summary>No fragment carries plotly.js: the page's owner (the runner) inlines it once per page.</summary>
    Never,

    /// <summary>
    /// Every fragment carries plotly.js (3.6 MB each): for interactive editing, where re-running the cell
    /// that drew the first chart replaces the one output that carried it, and a page reopened later
    /// would have none.
    /// </summary>
    EveryChart,
}
