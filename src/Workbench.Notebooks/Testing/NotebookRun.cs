// testbook for .NET: an xunit test runs a notebook (or .dib) in-process with parameters, then reads its variables as
// the real typed objects and runs more code in the same kernel. In-process means no hard timeout and no memory
// limit (those need the runner's worker processes); the working directory, the Formatter configuration and the
// WORKBENCH_OUTPUT/WORKBENCH_NOTEBOOK variables are process-global, so run these tests one at a time.
using System.Globalization;
using Microsoft.DotNet.Interactive.CSharp;
using Workbench.Notebooks.Engine;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Parameters;
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Testing;

/// <summary>
/// A notebook executed in this process, its kernel kept alive for <see cref="Get{T}"/> and <see cref="RunAsync"/>.
/// <code>
/// await using var run = await NotebookRun.StartAsync("notebooks/02-refcount-lifecycle.ipynb", new { seed = 3 });
/// DataFrame trace = run.Get&lt;DataFrame&gt;("trace");
/// </code>
/// Not thread-safe; one at a time per process (see the file header). Dispose restores the working directory and
/// the environment.
/// </summary>
public sealed class NotebookRun : IAsyncDisposable
{
    readonly InteractiveEngine engine;
    readonly string previousDirectory;
    readonly string? previousOutput, previousNotebook;

    NotebookRun(NotebookDocument document, InteractiveEngine engine, string outputDirectory)
    {
        Document = document;
        this.engine = engine;
        OutputDirectory = outputDirectory;
        previousDirectory = Directory.GetCurrentDirectory();
        previousOutput = Environment.GetEnvironmentVariable(WorkerHost.OutputVariable);
        previousNotebook = Environment.GetEnvironmentVariable(WorkerHost.NotebookVariable);
    }

    /// <summary>The notebook as run: parameters injected, each code cell's outputs and execution count filled in.</summary>
    public NotebookDocument Document { get; }

    /// <summary>Where the notebook's own files went (<c>Notebook.OutputFile</c>): a fresh temporary folder unless given.</summary>
    public string OutputDirectory { get; }

    /// <summary>
    /// Loads <paramref name="path"/>, injects <paramref name="parameters"/> (an anonymous object or a dictionary: each
    /// property a parameter declared in the cell tagged <c>parameters</c>) and runs every code cell in order, with the
    /// notebook's folder as working directory. A failing cell (not tagged <c>raises-exception</c>) throws
    /// <see cref="NotebookCellException"/> naming the file and cell; bad input throws <see cref="NotebookInputException"/>.
    /// </summary>
    public static async Task<NotebookRun> StartAsync(string path, object? parameters = null, string? outputDirectory = null)
    {
        var doc = NotebookLoader.Load(path);
        NotebookParameters.Apply(doc, ParameterValues(parameters));
        var output = outputDirectory ?? Directory.CreateTempSubdirectory("workbench-notebookrun-").FullName;
        var engine = new InteractiveEngine();
        var run = new NotebookRun(doc, engine, Path.GetFullPath(output));
        try
        {
            await engine.WarmUpAsync();
            Environment.SetEnvironmentVariable(WorkerHost.OutputVariable, run.OutputDirectory);
            Environment.SetEnvironmentVariable(WorkerHost.NotebookVariable, doc.Name);
            engine.Start(Path.GetDirectoryName(doc.SourcePath)!);
            await run.RunCellsAsync();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    async Task RunCellsAsync()
    {
        int count = 0;
        for (int i = 0; i < Document.Cells.Count; i++)
        {
            var cell = Document.Cells[i];
            if (cell.Kind != CellKind.Code) continue;
            var result = await engine.RunCellAsync(NotebookRunner.ExecutionSource(cell.Source), cell.KernelName ?? Document.DefaultKernelName, RunSettings.DefaultMaxOutput);
            cell.ExecutionCount = ++count;
            cell.Outputs.AddRange(result.Outputs);
            if (result.Failed && !cell.HasTag(NotebookRunner.RaisesExceptionTag))
                throw new NotebookCellException(Document.SourcePath, i + 1, result.ErrorMessage ?? "the cell failed");
        }
    }

    /// <summary>
    /// The value of the notebook's variable <paramref name="name"/> as <typeparamref name="T"/>: the object itself,
    /// not a copy. A missing variable or one of another type throws <see cref="KeyNotFoundException"/> or
    /// <see cref="InvalidCastException"/> naming it and its actual type.
    /// </summary>
    public T Get<T>(string name)
    {
        if (!CSharp.TryGetValue<object>(name, out var value))
            throw new KeyNotFoundException($"{Document.SourcePath}: no variable '{name}' in the notebook's kernel");
        if (value is T typed) return typed;
        if (value is null && default(T) is null) return default!;
        throw new InvalidCastException($"{Document.SourcePath}: variable '{name}' is {value?.GetType().FullName ?? "null"}, not {typeof(T).FullName}");
    }

    /// <summary>Runs <paramref name="code"/> in the notebook's kernel (its variables in scope); a failure throws <see cref="NotebookCellException"/>.</summary>
    public async Task<CellExecution> RunAsync(string code)
    {
        var result = await engine.RunCellAsync(code, "csharp", RunSettings.DefaultMaxOutput);
        if (result.Failed) throw new NotebookCellException(Document.SourcePath, null, result.ErrorMessage ?? "the code failed");
        return result;
    }

    /// <summary>The value of the C# <paramref name="expression"/> evaluated in the notebook's kernel, as <typeparamref name="T"/>.</summary>
    public async Task<T> EvaluateAsync<T>(string expression)
    {
        const string Name = "__workbench_evaluated";
        await RunAsync($"var {Name} = ({expression});");
        return Get<T>(Name);
    }

    CSharpKernel CSharp => engine.CSharpKernel;

    /// <summary>Names and values of <paramref name="parameters"/> as the text a <c>-p NAME=VALUE</c> would carry.</summary>
    static List<KeyValuePair<string, string>> ParameterValues(object? parameters)
    {
        static string Text(object? v) => v switch
        {
            null => throw new ArgumentException("a notebook parameter cannot be null"),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString()!,
        };
        return parameters switch
        {
            null => [],
            IEnumerable<KeyValuePair<string, object?>> d => d.Select(p => KeyValuePair.Create(p.Key, Text(p.Value))).ToList(),
            _ => parameters.GetType().GetProperties().Select(p => KeyValuePair.Create(p.Name, Text(p.GetValue(parameters)))).ToList(),
        };
    }

    public ValueTask DisposeAsync()
    {
        engine.Dispose();
        Directory.SetCurrentDirectory(previousDirectory);
        Environment.SetEnvironmentVariable(WorkerHost.OutputVariable, previousOutput);
        Environment.SetEnvironmentVariable(WorkerHost.NotebookVariable, previousNotebook);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A notebook cell (or code run with <see cref="NotebookRun.RunAsync"/>) failed; the message names the file and cell.</summary>
public sealed class NotebookCellException(string file, int? cellIndex, string error)
    : Exception(cellIndex is { } i ? $"{file}: cell {i}: {error}" : $"{file}: {error}")
{
    public string File { get; } = file;

    /// <summary>1-based position among all cells, or null for code given to <see cref="NotebookRun.RunAsync"/>.</summary>
    public int? CellIndex { get; } = cellIndex;
}
