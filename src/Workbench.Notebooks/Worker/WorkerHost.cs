// The worker side: a process that owns one engine at a time and serves requests from its stdin until "exit" or
// end of input. The runner kills it (with its whole process tree) when a cell overruns its timeout.
using System.Text;
using Workbench.Notebooks.Engine;

namespace Workbench.Notebooks.Worker;

/// <summary>Runs the worker loop. Call once per process, from the process's Main; it owns Console.</summary>
public static class WorkerHost
{
    /// <summary>Serves requests on the process's standard input and output; returns the exit code.</summary>
    public static int Run() => RunAsync(new InteractiveEngineFactory()).GetAwaiter().GetResult();

    /// <summary>
    /// Serves requests using engines from <paramref name="factory"/>. The real stdout is kept for replies and
    /// <see cref="Console.Out"/> is pointed at stderr, so stray writes outside a cell cannot corrupt the protocol.
    /// </summary>
    public static async Task<int> RunAsync(INotebookEngineFactory factory)
    {
        var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        Console.SetOut(Console.Error);
        INotebookEngine? engine = null;
        try
        {
            while (await input.ReadLineAsync() is { } line)
            {
                if (line.Length == 0) continue;
                var request = WorkerProtocol.Decode<WorkerRequest>(line);
                if (request.Op == WorkerRequest.Exit) break;
                var reply = await ServeAsync(request, factory, ref engine);
                await output.WriteLineAsync(WorkerProtocol.Marker + WorkerProtocol.Encode(reply));
            }
        }
        finally
        {
            engine?.Dispose();
        }
        return 0;
    }

    static Task<WorkerReply> ServeAsync(WorkerRequest request, INotebookEngineFactory factory, ref INotebookEngine? engine)
    {
        try
        {
            switch (request.Op)
            {
                case WorkerRequest.Open:
                    engine?.Dispose();
                    engine = null;
                    engine = factory.Create(request.Directory ?? Directory.GetCurrentDirectory());
                    return Task.FromResult(new WorkerReply { Ok = true });
                case WorkerRequest.Close:
                    engine?.Dispose();
                    engine = null;
                    return Task.FromResult(new WorkerReply { Ok = true });
                case WorkerRequest.Cell when engine is not null:
                    return RunCellAsync(engine, request);
                case WorkerRequest.Cell:
                    return Task.FromResult(new WorkerReply { Message = "no notebook is open" });
                default:
                    return Task.FromResult(new WorkerReply { Message = $"unknown op '{request.Op}'" });
            }
        }
        catch (Exception e)
        {
            return Task.FromResult(new WorkerReply { Message = e.ToString() });
        }
    }

    static async Task<WorkerReply> RunCellAsync(INotebookEngine engine, WorkerRequest request)
    {
        try
        {
            var cell = await engine.RunCellAsync(request.Code ?? "", request.Kernel ?? "csharp");
            return new WorkerReply { Ok = true, Cell = cell };
        }
        catch (Exception e)
        {
            return new WorkerReply { Message = e.ToString() };
        }
    }
}
