// What the engine reports for one cell, in the runner's own types (also the worker protocol's wire shape).
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Engine;

/// <summary>A compiler or runtime message about a cell, e.g. <c>CS0029</c> at line 1.</summary>
public sealed record CellDiagnostic(string Severity, string Code, string Message, int Line, int Column);

/// <summary>What one cell produced: outputs in order, diagnostics, and whether it failed.</summary>
public sealed class CellExecution
{
    public List<CellOutput> Outputs { get; set; } = new();
    public List<CellDiagnostic> Diagnostics { get; set; } = new();
    public bool Failed { get; set; }

    /// <summary>The failure message (compiler errors or the exception text) when <see cref="Failed"/>.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The exception's type name when <see cref="Failed"/> by an exception (e.g. <c>OutOfMemoryException</c>).</summary>
    public string? ErrorName { get; set; }

    /// <summary>Output beyond the cap was dropped (the outputs end with the marker).</summary>
    public bool OutputTruncated { get; set; }
}
