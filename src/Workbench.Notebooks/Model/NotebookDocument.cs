// The runner's own notebook model: what a .ipynb or .dib holds, independent of the .NET Interactive engine,
// so the engine can be replaced without touching reading, writing, parameters or HTML.
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Model;

/// <summary>A cell's type, as nbformat names them.</summary>
public enum CellKind
{
    Code,
    Markdown,
    Raw,
}

/// <summary>
/// One cell. <see cref="Metadata"/> is the cell's nbformat metadata minus the keys the writer owns
/// (<c>polyglot_notebook</c>, <c>dotnet_interactive</c>, <c>tags</c>, timing keys); <see cref="Tags"/> holds the tags.
/// Not thread-safe; a notebook belongs to one run at a time.
/// </summary>
public sealed class NotebookCell
{
    public required string Id { get; set; }
    public required CellKind Kind { get; init; }
    public required string Source { get; set; }

    /// <summary>The kernel a code cell runs on ("csharp", "value"); null for markdown and raw cells.</summary>
    public string? KernelName { get; set; }

    public List<string> Tags { get; init; } = new();
    public JsonObject Metadata { get; init; } = new();
    public int? ExecutionCount { get; set; }

    /// <summary>A markdown or raw cell's nbformat <c>attachments</c> (name to MIME bundle), kept as read; null when none.</summary>
    public JsonObject? Attachments { get; set; }
    public List<CellOutput> Outputs { get; init; } = new();

    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>A copy without outputs or execution count, ready to run.</summary>
    public NotebookCell CloneForRun() => new()
    {
        Id = Id,
        Kind = Kind,
        Source = Source,
        KernelName = KernelName,
        Tags = new List<string>(Tags),
        Metadata = (JsonObject)Metadata.DeepClone(),
        Attachments = (JsonObject?)Attachments?.DeepClone(),
    };
}

/// <summary>
/// A loaded notebook: its cells and its notebook-level metadata (minus the keys the writer owns:
/// <c>kernelspec</c>, <c>language_info</c>, <c>polyglot_notebook</c>, <c>workbench</c>).
/// </summary>
public sealed class NotebookDocument
{
    /// <summary>The file it was read from (absolute); used in messages and as the working directory.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The kernel a code cell without a kernel name of its own runs on.</summary>
    public string DefaultKernelName { get; set; } = "csharp";

    public List<NotebookCell> Cells { get; init; } = new();
    public JsonObject Metadata { get; init; } = new();

    /// <summary>Parameter values injected by the run (name to typed JSON value), written to <c>metadata.workbench.parameters</c>.</summary>
    public JsonObject? InjectedParameters { get; set; }

    /// <summary>The name of the outputs written for it: the file name without extension unless set (a sweep's
    /// runs of one notebook are NAME-r0003 and so on).</summary>
    public string Name
    {
        get => name ?? Path.GetFileNameWithoutExtension(SourcePath);
        init => name = value;
    }

    readonly string? name;

    /// <summary>
    /// True when a code cell references a DLL by path (<c>#r "../artifacts/lab/Workbench.Lab.dll"</c>, not
    /// <c>#r "nuget:..."</c>).
    /// </summary>
    public bool ReferencesLocalLibrary => LocalReferences.Any();

    /// <summary>
    /// True when a code cell references a DLL by path other than the workbench library (which a warm worker resets
    /// between notebooks): its worker will be retired afterwards, so the runner starts the next one early.
    /// </summary>
    public bool ReferencesOtherLocalLibrary => LocalReferences.Any(p => !Path.GetFileName(p).Equals("Workbench.Lab.dll", StringComparison.Ordinal));

    /// <summary>The paths of the <c>#r "PATH"</c> lines (not <c>#r "nuget:..."</c>), in cell order.</summary>
    public IEnumerable<string> LocalReferences => Cells.Where(c => c.Kind == CellKind.Code).SelectMany(c => c.Source.Split('\n'))
        .Select(line => line.TrimStart())
        .Where(t => t.StartsWith("#r \"", StringComparison.Ordinal) && !t.StartsWith("#r \"nuget:", StringComparison.OrdinalIgnoreCase))
        .Select(t => t[4..].Split('"')[0]);
}
