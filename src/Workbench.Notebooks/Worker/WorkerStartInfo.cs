// How to start a worker process: the workbench CLI ("workbench notebook-worker") or any program whose Main calls
// WorkerHost.Run() for a given argument (the test project does this).
using System.Reflection;

namespace Workbench.Notebooks.Worker;

/// <summary>The command line of a worker process. Immutable.</summary>
public sealed record WorkerStartInfo(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Default of <see cref="MemoryLimitBytes"/>: 2 GiB.</summary>
    public const long DefaultMemoryLimitBytes = 2L << 30;

    /// <summary>
    /// The worker's managed-heap limit, enforced by the runtime (DOTNET_GCHeapHardLimit): a cell that allocates
    /// past it gets OutOfMemoryException (or the worker dies), reported as "memory limit exceeded".
    /// </summary>
    public long MemoryLimitBytes { get; init; } = DefaultMemoryLimitBytes;

    /// <summary>
    /// The workbench library (<c>Workbench.Lab.dll</c>) the notebooks load, or null: the worker loads it and the
    /// Plotly bridge while its first kernel warms up (<see cref="WorkerHost.PreloadVariable"/>), so the first
    /// notebook's <c>#r</c> and first chart find them loaded, as every later notebook in a warm worker does.
    /// </summary>
    public string? PreloadLibrary { get; init; }

    /// <summary>
    /// The current program started again with <paramref name="arguments"/>: its apphost, or
    /// <c>dotnet ENTRY.dll</c> when it runs under the dotnet host.
    /// </summary>
    public static WorkerStartInfo ForCurrentProgram(params string[] arguments)
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("WorkerStartInfo: no process path");
        if (!IsDotnetHost(process)) return new WorkerStartInfo(process, arguments);
        var entry = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("WorkerStartInfo: no entry assembly");
        return new WorkerStartInfo(process, [entry, .. arguments]);
    }

    /// <summary><c>dotnet exec ASSEMBLY ARGS</c>: an assembly with a Main that serves as a worker for <paramref name="arguments"/>.</summary>
    public static WorkerStartInfo ForAssembly(string assemblyPath, params string[] arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
            host = Environment.ProcessPath is { } p && IsDotnetHost(p) ? p : "dotnet";
        return new WorkerStartInfo(host, ["exec", assemblyPath, .. arguments]);
    }

    static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
