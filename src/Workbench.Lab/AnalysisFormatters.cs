// Notebook formatters for what Workbench.Analysis works with: a vmspace's map as a table, a vkernel's red-black tree
// drawn, a trace excerpt, a recorder and a workload run. Registered when Workbench.Lab loads (module initializer),
// applied by Notebook.Setup(). Deterministic: the same object renders to the same bytes.
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Workbench.Analysis;
using Workbench.Analysis.Workload;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vkernel;
using Workbench.Kernel.Vm;

namespace Workbench.Lab;

/// <summary>HTML and text renderings of vmspace entries, vkernel trees, traces and workload runs. Thread-safe.</summary>
public static class AnalysisFormatters
{
    /// <summary>Levels of a tree drawn before the drawing stops (2^6 - 1 = 63 nodes at most).</summary>
    public const int MaxTreeLevels = 6;

    // A notebook loads Lab with #r and calls Notebook.Setup(); registering here, when the assembly loads, puts these
    // formatters in the list Setup applies without anyone having to call this class.
#pragma warning disable CA2255 // ModuleInitializer in a library: intended, see above
    [ModuleInitializer]
    internal static void RegisterOnLoad() => Notebook.RegisterFormatters(Register);
#pragma warning restore CA2255

    static void Register()
    {
        Notebook.Register<VmspaceEntry>(EntryHtml, EntryText);
        Notebook.Register<VkernelProc>(v => "<pre>" + Encode(TreeText(v, html: true)) + "</pre>", v => TreeText(v, html: false));
        Notebook.Register<TraceExcerpt>(x => "<pre>" + WebUtility.HtmlEncode(x.ToString()) + "</pre>", x => x.ToString());
        Notebook.Register<SyscallRecorder>(r => "<pre>" + WebUtility.HtmlEncode(RecorderText(r)) + "</pre>", RecorderText);
        Notebook.Register<WorkloadRun>(r => "<pre>" + WebUtility.HtmlEncode(RunText(r)) + "</pre>", RunText);
    }

    /// <summary>A vmspace_entry: id and refs, then its vm_map entries (start, end, prot, maptype, master_pde).</summary>
    public static string EntryHtml(VmspaceEntry ve)
    {
        var sb = new StringBuilder();
        sb.Append("<div><b>").Append(WebUtility.HtmlEncode(Head(ve))).Append("</b></div>\n<table class=\"workbench-vmmap\">\n")
          .Append("<thead><tr><th>start</th><th>end</th><th>prot</th><th>maptype</th><th>master_pde</th></tr></thead>\n<tbody>\n");
        foreach (var e in Entries(ve))
            sb.Append("<tr><td>").Append(Hex(e.start)).Append("</td><td>").Append(Hex(e.end)).Append("</td><td>").Append(Prot(e.protection))
              .Append("</td><td>").Append(MapType(e.maptype)).Append("</td><td>").Append(Hex(e.master_pde)).Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    /// <summary>The same as fixed-width text.</summary>
    public static string EntryText(VmspaceEntry ve)
    {
        var sb = new StringBuilder(Head(ve)).Append('\n');
        sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-18} {1,-18} {2,-4} {3,-10} {4}\n", "start", "end", "prot", "maptype", "master_pde"));
        foreach (var e in Entries(ve))
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-18} {1,-18} {2,-4} {3,-10} {4}\n",
                Hex(e.start), Hex(e.end), Prot(e.protection), MapType(e.maptype), Hex(e.master_pde)));
        return sb.ToString();
    }

    /// <summary>
    /// vkp->root drawn sideways (right subtree above, left below, one level per indent), each node as its id with
    /// [R] or [B]; red nodes in red in HTML. At most <see cref="MaxTreeLevels"/> levels; deeper subtrees show as "…".
    /// </summary>
    public static string TreeText(VkernelProc vkp, bool html = false)
    {
        var sb = new StringBuilder();
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"vkernel {vkp.Id}: refs={vkp.refs}, {vkp.root.Count} vmspaces, height {vkp.root.Height()} (bound 2·log2(n+1) = {2 * Math.Log2(vkp.root.Count + 1):0.0})\n"));
        Draw(sb, vkp.root.RB_ROOT, 0, html);
        return sb.ToString();
    }

    static void Draw(StringBuilder sb, VmspaceEntry? n, int level, bool html)
    {
        if (n is null) return;
        var pad = new string(' ', 4 * level);
        if (level == MaxTreeLevels) { sb.Append(pad).Append("…\n"); return; }
        Draw(sb, n.RB_RIGHT, level + 1, html);
        bool red = n.RB_COLOR == VmspaceEntry.RB_RED;
        var label = $"0x{n.id:x} [{(red ? "R" : "B")}] refs={n.refs}";
        sb.Append(pad).Append(html && red ? "\u0001" + label + "\u0002" : label).Append('\n');
        Draw(sb, n.RB_LEFT, level + 1, html);
    }

    // Red nodes are wrapped in \u0001..\u0002 while drawing, then turned into spans after HTML encoding.
    static string Encode(string s) => WebUtility.HtmlEncode(s)
        .Replace("\u0001", "<span style=\"color:#c00\">", StringComparison.Ordinal).Replace("\u0002", "</span>", StringComparison.Ordinal);

    static string RecorderText(SyscallRecorder r) =>
        string.Create(CultureInfo.InvariantCulture, $"SyscallRecorder: {r.Count} rows, seed {r.Seed} (ToDataFrame() for the table)");

    static string RunText(WorkloadRun r) => string.Create(CultureInfo.InvariantCulture,
        $"workload seed {r.Options.Seed}: {r.Options.Vkernels} vkernels × {r.Options.CpusPerVkernel} CPUs, {r.Options.Steps} steps, " +
        $"{r.Events} events, {r.DestroyRetries} destroy retries; {r.Census}");

    static string Head(VmspaceEntry ve) => string.Create(CultureInfo.InvariantCulture,
        $"vmspace_entry 0x{ve.id:x}: refs={ve.refs}{(ve.Freed ? " (freed)" : "")}, {Entries(ve).Count} map entries, {ve.vmspace?.vm_pmap.ResidentCount ?? 0} resident pages");

    static IReadOnlyList<VmMapEntry> Entries(VmspaceEntry ve) => ve.vmspace?.vm_map.entries ?? [];

    static string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);

    static string Prot(int p) =>
        string.Concat((p & Mman.VM_PROT_READ) != 0 ? "r" : "-", (p & Mman.VM_PROT_WRITE) != 0 ? "w" : "-", (p & Mman.VM_PROT_EXECUTE) != 0 ? "x" : "-");

    static string MapType(int t) => t switch
    {
        Mman.VM_MAPTYPE_NORMAL => "NORMAL",
        Mman.VM_MAPTYPE_VPAGETABLE => "VPAGETABLE",
        Mman.VM_MAPTYPE_SUBMAP => "SUBMAP",
        _ => "UNSPECIFIED",
    };
}
