// Readability rules applied to every figure after Plotly.NET built it: responsive width with the legend below, log
// axes where values span decades, integer ticks for counts, a distinct dash and marker per series. Done on the
// figure JSON (plain System.Text.Json), so the bridge stays a thin translation of ChartSpec.
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Charts.Contract;

namespace Workbench.Charts;

/// <summary>
/// Styles a Plotly figure (<c>{"data":[...],"layout":{...}}</c>) for a <see cref="ChartSpec"/>. Deterministic: the
/// same figure and spec give the same bytes. Stateless and thread-safe.
/// </summary>
public static class FigureStyle
{
    /// <summary>Values that are all positive and span this many decades (max/min ≥ 100) count as "spanning decades".</summary>
    public const double LogDecades = 2;

    /// <summary>Integer axes whose range is at most this get a tick at every integer (never 0.5 on a count).</summary>
    public const double UnitTickRange = 10;

    /// <summary>Line dashes, one per series in order (cycled).</summary>
    public static readonly string[] Dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"];

    /// <summary>Marker symbols, one per series in order (cycled), so series drawn on top of each other stay visible.</summary>
    public static readonly string[] Symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "triangle-down"];

    /// <summary>Lines with at most this many points also draw a marker at each point.</summary>
    public const int MarkersUpTo = 60;

    /// <summary>The styled figure JSON.</summary>
    public static string Apply(string figureJson, ChartSpec spec)
    {
        var figure = JsonNode.Parse(figureJson)!.AsObject();
        var layout = figure["layout"] as JsonObject ?? new JsonObject();
        figure["layout"] = layout;
        layout.Remove("width");
        layout["autosize"] = true;
        layout["height"] = spec.Height;
        layout["legend"] = new JsonObject
        {
            // At the bottom of the whole figure (container coordinates), so it never covers the x-axis title or
            // rotated category labels; plotly grows the bottom margin to fit it.
            ["orientation"] = "h", ["x"] = 0, ["xanchor"] = "left", ["y"] = 0, ["yanchor"] = "bottom", ["yref"] = "container",
        };
        layout["margin"] = new JsonObject { ["t"] = 56, ["r"] = 24, ["l"] = 64, ["b"] = 24 };
        bool categorical = spec.Series.Any(s => s.Kind is TraceKind.Bar or TraceKind.Histogram);
        bool histogram = spec.Series.Any(s => s.Kind == TraceKind.Histogram);
        var xs = spec.Series.Where(s => s.X is not null).SelectMany(s => s.X!).Where(double.IsFinite).ToArray();
        var ys = spec.Series.Where(s => s.Kind != TraceKind.Histogram).SelectMany(s => s.Values).Where(double.IsFinite).ToArray();
        // Auto: bars go logarithmic when their non-zero heights span decades; x/y charts go log-log when both axes
        // do (and hold no zero or negative value), never log on one axis by itself.
        bool logLog = !categorical && SpansDecades(xs) && SpansDecades(ys);
        bool logBars = categorical && !histogram && SpansDecades(ys.Where(v => v != 0).ToArray());
        Axis(layout, "xaxis", categorical ? AxisScale.Linear : Resolve(spec.XScale, logLog), categorical ? [] : xs);
        Axis(layout, "yaxis", Resolve(spec.YScale, logLog || logBars), histogram ? [] : ys, alwaysInteger: histogram);
        if (figure["data"] is JsonArray traces)
        {
            for (int i = 0; i < traces.Count; i++)
                if (traces[i] is JsonObject t) Trace(t, i);
            if (spec.Band && traces.Count >= 2 && traces[0] is JsonObject lower && traces[1] is JsonObject upper) Band(lower, upper);
        }
        // Relaxed: "<" and non-ASCII stay as they are (WorkbenchChart escapes "<" itself where the JSON is inlined).
        return figure.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The band's edges: no line or marker; the upper edge fills down to the lower one (plotly's "tonexty").</summary>
    static void Band(JsonObject lower, JsonObject upper)
    {
        foreach (var edge in new[] { lower, upper })
        {
            edge["mode"] = "lines";
            edge["line"] = new JsonObject { ["width"] = 0, ["color"] = "rgba(31,119,180,0.25)" };
            edge.Remove("marker");
        }
        lower["showlegend"] = false;
        upper["fill"] = "tonexty";
        upper["fillcolor"] = "rgba(31,119,180,0.25)";
    }

    static AxisScale Resolve(AxisScale asked, bool auto) => asked != AxisScale.Auto ? asked : auto ? AxisScale.Log : AxisScale.Linear;

    /// <summary>Log when asked; otherwise integer ticks when every value is an integer (counts).</summary>
    static void Axis(JsonObject layout, string name, AxisScale scale, double[] values, bool alwaysInteger = false)
    {
        var axis = layout[name] as JsonObject ?? new JsonObject();
        layout[name] = axis;
        axis["automargin"] = true;
        if (scale == AxisScale.Log)
        {
            axis["type"] = "log";
            return;
        }
        bool integers = alwaysInteger || (values.Length > 0 && values.All(v => v == Math.Floor(v)));
        if (!integers) return;
        axis["tickformat"] = ",d";
        double range = values.Length == 0 ? 0 : values.Max() - Math.Min(0, values.Min());
        if (range <= UnitTickRange)
        {
            axis["tick0"] = 0;
            axis["dtick"] = 1;
        }
    }

    static bool SpansDecades(double[] values)
    {
        if (values.Length < 2 || values.Any(v => v <= 0)) return false;
        return Math.Log10(values.Max() / values.Min()) >= LogDecades;
    }

    static void Trace(JsonObject t, int index)
    {
        var type = (t["type"] as JsonValue)?.GetValue<string>();
        if (type is not ("scatter" or "scattergl")) return;
        var mode = (t["mode"] as JsonValue)?.GetValue<string>() ?? "lines";
        int points = t["x"] is JsonArray x ? x.Count : 0;
        var marker = t["marker"] as JsonObject ?? new JsonObject();
        t["marker"] = marker;
        marker["symbol"] = Symbols[index % Symbols.Length];
        if (mode.Contains("lines", StringComparison.Ordinal))
        {
            var line = t["line"] as JsonObject ?? new JsonObject();
            t["line"] = line;
            line["dash"] = Dashes[index % Dashes.Length];
            // Earlier series are drawn wider with bigger markers, so a later series lying exactly on top of one
            // (04's MADV_INVAL on the reflected faults) leaves both visible.
            line["width"] = Math.Max(1.5, 4 - 0.75 * index);
            if (points <= MarkersUpTo) t["mode"] = "lines+markers";
            marker["size"] = Math.Max(5, 11 - 1.5 * index);
        }
        else marker["size"] = Math.Max(6, 10 - index);
    }
}
