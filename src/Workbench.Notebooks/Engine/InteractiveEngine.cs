// The .NET Interactive engine (1.0.0-beta.26120.1, frozen): a CompositeKernel with C# and the value store, set up
// as the dotnet-interactive app does (kernel helpers, #!who, #!set/#!share, #!import, #r "nuget:", package
// extensions), with both text/html and text/plain formatted for every value.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Engine;

/// <summary>Makes <see cref="InteractiveEngine"/>s. Thread-safe.</summary>
public sealed class InteractiveEngineFactory : INotebookEngineFactory
{
    public INotebookEngine Create() => new InteractiveEngine();

    /// <summary>
    /// Starts <see cref="CompileOnce"/> on a thread of its own (the thread pool's two threads are busy with this
    /// priming and the first kernel), then formats a few values of common shapes to text/html and text/plain (the
    /// same work a first cell's display and return value do). Formatter caches it fills are cleared by the next
    /// <see cref="InteractiveEngine.Start"/>.
    /// </summary>
    public Task PrimeAsync()
    {
        new Thread(CompileOnce) { IsBackground = true, Name = "compiler warm-up" }.Start();
        object[] samples = [42, 1.5, "text", new { A = 1, B = "b" }, new List<int> { 1, 2 }, new[] { new { X = 1 } }];
        foreach (var value in samples)
        {
            value.ToDisplayString(HtmlFormatter.MimeType);
            value.ToDisplayString(PlainTextFormatter.MimeType);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Compiles a small script submission to a null stream: the JIT work of Roslyn's compiler (most of the first
    /// kernel's warm-up compilation, about a second here) then overlaps that kernel's construction (mostly the
    /// Roslyn workspace's MEF composition, about another second) instead of following it. Nothing is loaded or run,
    /// so no notebook can see it; a failure only costs the time it would have saved.
    /// </summary>
    static void CompileOnce()
    {
        try
        {
            var tree = CSharpSyntaxTree.ParseText("var xs = new List<int> { 1, 2 }; xs.Select(x => x * 2).Sum()",
                new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
            var references = new[] { typeof(object), typeof(Enumerable), typeof(List<>), typeof(Console) }
                .Select(t => t.Assembly.Location).Append(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll"))
                .Distinct().Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.CreateScriptCompilation("prime", tree, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: ["System", "System.Linq", "System.Collections.Generic"]));
            compilation.Emit(Stream.Null);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"InteractiveEngineFactory: the compiler warm-up failed: {e.Message}");
        }
    }
}

/// <summary>
/// A fresh <see cref="CompositeKernel"/> per notebook. Process-global state set by <see cref="Start"/>: the current
/// directory (relative <c>#r</c> resolves against it, as in VS Code) and the <see cref="Formatter"/> configuration.
/// Not thread-safe.
/// </summary>
public sealed class InteractiveEngine : INotebookEngine
{
    /// <summary>The imports every notebook gets on top of the kernel's defaults (the same in VS Code after its first cell).</summary>
    const string Imports = "using Microsoft.DotNet.Interactive.Formatting;\nusing System.IO;";

    readonly CompositeKernel kernel;
    bool warm;

    /// <summary>The C# kernel, for reading a notebook's variables in-process (Testing.NotebookRun).</summary>
    internal CSharpKernel CSharpKernel { get; }

    public InteractiveEngine()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, resolved) =>
            {
                k.AddAssemblyReferences(resolved.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();

        CSharpKernel = csharp;
        kernel = new CompositeKernel { { csharp, new[] { "c#", "C#", "cs" } } };
        kernel.Add(new KeyValueStoreKernel().UseWho());
        kernel.UseImportMagicCommand();
        PackageExtensionLoader.Use(kernel);
        kernel.DefaultKernelName = csharp.Name;
    }

    /// <summary>
    /// Runs the kernel's deferred set-up and our imports now: Roslyn's first compilation for this kernel (0.1-0.3 s)
    /// then happens before the notebook starts instead of in its first cell. Not imported by default (also not in
    /// dotnet-repl): Formatter and ToDisplayString; and System.IO for files.
    /// </summary>
    public async Task WarmUpAsync()
    {
        if (warm) return;
        warm = true;
        SharedMetadataResolver.Apply(CSharpKernel);
        var result = await kernel.SendAsync(new SubmitCode(Imports, "csharp"));
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            throw new InvalidOperationException($"InteractiveEngine: the kernel's set-up failed: {failed.Message}");
    }

    public void Start(string workingDirectory)
    {
        Directory.SetCurrentDirectory(workingDirectory);
        Formatter.ResetToDefault();
        Formatter.SetPreferredMimeTypesFor(typeof(object), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
    }

    public Action<string, string>? StreamListener { get; set; }

    public async Task<CellExecution> RunCellAsync(string code, string kernelName, long maxOutputChars, CancellationToken cancellationToken = default)
    {
        await WarmUpAsync();
        using var streaming = StreamListener is { } listen ? kernel.KernelEvents.Subscribe(e =>
        {
            if (e is StandardOutputValueProduced so) listen("stdout", Text(so));
            else if (e is StandardErrorValueProduced se) listen("stderr", Text(se));
        }) : null;
        SharedMetadataResolver.Apply(CSharpKernel);
        var result = await kernel.SendAsync(new SubmitCode(code, kernelName), cancellationToken);
        var run = new CellExecution();
        var collector = new OutputCollector(maxOutputChars);
        var displays = new Dictionary<string, CellOutput>(StringComparer.Ordinal);
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case StandardOutputValueProduced so: collector.Stream("stdout", Text(so)); break;
                case StandardErrorValueProduced se: collector.Stream("stderr", Text(se)); break;
                case DisplayedValueUpdated du when du.ValueId is not null && displays.TryGetValue(du.ValueId, out var shown):
                    if (!collector.Truncated) OutputCollector.Update(shown, Data(du));
                    break;
                case ReturnValueProduced rv: collector.Values(CellOutput.ExecuteResult, Pairs(rv)); break;
                case DisplayEvent d:
                    var output = collector.Values(CellOutput.DisplayData, Pairs(d));
                    if (d.ValueId is not null && output is not null) displays[d.ValueId] = output;
                    break;
                case DiagnosticsProduced dp:
                    run.Diagnostics.AddRange(dp.Diagnostics.Select(x => new CellDiagnostic(
                        x.Severity.ToString(), x.Code, x.Message, x.LinePositionSpan.Start.Line + 1, x.LinePositionSpan.Start.Character + 1)));
                    break;
                case CommandFailed f when !run.Failed:
                    run.Failed = true;
                    run.ErrorMessage = f.Message;
                    run.ErrorName = f.Exception?.GetType().Name;
                    collector.Error(ErrorOutput(f));
                    break;
            }
        }
        run.Outputs = collector.Build();
        run.OutputTruncated = collector.Truncated;
        return run;
    }

    static CellOutput ErrorOutput(CommandFailed f)
    {
        var message = f.Message ?? "";
        var name = f.Exception switch
        {
            null => "Error",
            { } x when x.GetType().Name == "CodeSubmissionCompilationErrorException" => "CompilationError",
            { } x => x.GetType().Name,
        };
        var value = f.Exception is { } ex && name != "CompilationError" ? ex.Message : message;
        return CellOutput.Failure(name, value, message.Replace("\r\n", "\n").Split('\n'));
    }

    static string Text(DisplayEvent e) => e.FormattedValues.FirstOrDefault()?.Value ?? e.Value?.ToString() ?? "";

    static SortedDictionary<string, string> Data(DisplayEvent e) => new(Pairs(e).ToDictionary(), StringComparer.Ordinal);

    static IEnumerable<KeyValuePair<string, string>> Pairs(DisplayEvent e) =>
        e.FormattedValues.GroupBy(v => v.MimeType).Select(g => KeyValuePair.Create(g.Key, g.First().Value));

    public void Dispose() => kernel.Dispose();
}
