// The notebook entry point: one call in the setup cell registers Workbench's formatters and says
// what was loaded from where. Kernel-model formatters go in Notebook.Kernel.cs (the lead's file).
using System.Reflection;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Workbench.Charts;

namespace Workbench.Lab;

/// <summary>
/// Notebook setup. Every Workbench notebook's setup cell is exactly:
/// <code>
/// #r "../artifacts/lab/Workbench.Lab.dll"
/// Workbench.Lab.Notebook.Setup();
/// </code>
/// (paths are relative to the notebook's folder, which VS Code and Jupyter use as the kernel's
/// working directory). If <c>artifacts/lab/</c> is missing or older than the sources, run
/// <c>dotnet build src/Workbench.Lab</c> from the repository root and restart the kernel: a live
/// kernel never reloads an assembly it already loaded.
/// Thread-safe; <see cref="Setup"/> is idempotent.
/// </summary>
public static partial class Notebook
{
    const string Html = "text/html", Plain = "text/plain";

    static readonly object s_gate = new();
    static readonly List<Action> s_registrations = [];
    static string? s_banner;

    /// <summary>
    /// Hands Lab's assemblies (every Workbench.*.dll next to it, Microsoft.Data.Analysis, ...) to the
    /// running C# kernel so later cells can name their types,
    /// registers the text/html + text/plain formatters (DataFrame, WorkbenchChart, then the kernel
    /// model's and every <see cref="RegisterFormatters"/> hook), loads the Plotly bridge, prints and
    /// returns one line saying what was loaded and where, plus a warning line when artifacts/lab is
    /// older than src/. Later calls change nothing and return the same text.
    /// </summary>
    public static string Setup()
    {
        lock (s_gate)
        {
            if (s_banner is null)
            {
                KernelReferences.AddToCurrentKernel(LabAssemblyResolver.Folder);
                RegisterBuiltInFormatters();
                RegisterKernelFormatters();
                foreach (var register in s_registrations) register();
                s_banner = Banner();
            }
            Console.WriteLine(s_banner);
            return s_banner;
        }
    }

    /// <summary>
    /// Adds a formatter registration run by <see cref="Setup"/> (immediately, if Setup already ran),
    /// e.g. <c>Notebook.RegisterFormatters(() => Formatter.Register&lt;Foo&gt;(f =&gt; ..., "text/plain"))</c>.
    /// </summary>
    public static void RegisterFormatters(Action register)
    {
        ArgumentNullException.ThrowIfNull(register);
        lock (s_gate)
        {
            s_registrations.Add(register);
            if (s_banner is not null) register();
        }
    }

    /// <summary>Registers both MIME types for <typeparamref name="T"/> and makes them its preferred pair.</summary>
    public static void Register<T>(Func<T, string> html, Func<T, string> plain)
    {
        Formatter.Register(html, Html);
        Formatter.Register(plain, Plain);
        Formatter.SetPreferredMimeTypesFor(typeof(T), Html, Plain);
    }

    /// <summary>Implemented in Notebook.Kernel.cs: formatters for kernel-model objects.</summary>
    static partial void RegisterKernelFormatters();

    static void RegisterBuiltInFormatters()
    {
        Register<DataFrame>(DataFrameTables.ToHtml, DataFrameTables.ToText);
        Register<DataFrameColumn>(DataFrameTables.ToHtml, DataFrameTables.ToText);
        // A chart carries the Plotly MIME bundle (VS Code and JupyterLab draw it with their own plotly.js, offline)
        // beside HTML that draws it by itself (classic Jupyter, nbviewer, the runner's page).
        Formatter.Register<WorkbenchChart>(c => c.Html, Html);
        Formatter.Register<WorkbenchChart>(c => c.ToString(), Plain);
        Formatter.Register<WorkbenchChart>(c => c.FigureJson, WorkbenchChart.PlotlyMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(WorkbenchChart), Html, Plain, WorkbenchChart.PlotlyMimeType);
        // Lists (of records and tuples above all): a table, not a collapsed summary per element. Registered on List<>
        // only, and never declining: a formatter that returns false for a type leaves that value blank (seen for string
        // when this was registered on IEnumerable).
        Formatter.Register(typeof(List<>), (value, context) => Write(RecordTables.ListHtml(value), context), Html);
        Formatter.Register(typeof(List<>), (value, context) => Write(RecordTables.ListText(value), context), Plain);
    }

    static bool Write(string text, FormatContext context)
    {
        context.Writer.Write(text);
        return true;
    }

    static string Banner()
    {
        var lab = typeof(Notebook).Assembly;
        var version = lab.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? lab.GetName().Version?.ToString() ?? "?";
        // No commit hash: executed notebooks must be byte-identical from one commit to the next.
        version = version.Split('+')[0];
        var where = Path.GetRelativePath(Environment.CurrentDirectory, LabAssemblyResolver.Folder).Replace('\\', '/');
        var line = $"Workbench.Lab {version} from {where}/; charts: {Charts.Charts.DescribeBridge()}";
        var stale = BuildFreshness.StaleWarning(LabAssemblyResolver.Folder);
        return stale is null ? line : line + "\n" + stale;
    }
}
