// The worker side: a process that owns one engine at a time and serves requests on its protocol channel (a Unix
// socket to the runner, see WorkerProtocol.cs) until "exit" or the channel closes. It is a child subreaper, so the
// runner can find and kill every process a cell started, setsid daemons included, when a cell overruns its timeout.
using System.Net.Sockets;
using System.Text;
using Workbench.Notebooks.Engine;

namespace Workbench.Notebooks.Worker;

/// <summary>Runs the worker loop. Call once per process, from the process's Main.</summary>
public static class WorkerHost
{
    /// <summary>The runner's process id, set in the worker's environment: the worker exits when that process is gone.</summary>
    public const string RunnerPidVariable = "WORKBENCH_RUNNER_PID";

    /// <summary>
    /// The run's output folder (absolute), set while a notebook is open: Workbench.Lab's <c>Notebook.OutputFile</c>
    /// puts the files a notebook writes under it, so nothing escapes <c>--output</c>.
    /// </summary>
    public const string OutputVariable = "WORKBENCH_OUTPUT";

    /// <summary>The workbench library to load while the first kernel warms up (<see cref="WorkerStartInfo.PreloadLibrary"/>).</summary>
    public const string PreloadVariable = "WORKBENCH_PRELOAD";

    /// <summary>The open notebook's name (file name without extension), set while it is open.</summary>
    public const string NotebookVariable = "WORKBENCH_NOTEBOOK";

    /// <summary>Serves requests on the channel named by the environment; returns the exit code.</summary>
    public static int Run() => RunAsync(new InteractiveEngineFactory()).GetAwaiter().GetResult();

    /// <summary>
    /// Serves requests using engines from <paramref name="factory"/>. The next notebook's engine is always being
    /// warmed up in the background (on the second core, while the current notebook runs): a fresh kernel per
    /// notebook, without its first-compilation cost in the first cell. Exit code 2: no channel to serve.
    /// </summary>
    public static async Task<int> RunAsync(INotebookEngineFactory factory)
    {
        if (Environment.GetEnvironmentVariable(WorkerProtocol.ChannelVariable) is not { Length: > 0 } path)
        {
            Console.Error.WriteLine($"WorkerHost: {WorkerProtocol.ChannelVariable} is not set; a worker is started by 'workbench run'");
            return 2;
        }
        ProcessTree.BecomeSubreaper();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await using var channel = new NetworkStream(socket, ownsSocket: true);
        var input = new StreamReader(channel, new UTF8Encoding(false));
        var output = new StreamWriter(channel, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        using var watchdog = WatchRunner();
        var gate = new object(); // one line at a time on the channel: interim stream lines come from the kernel's threads
        void Send(WorkerReply r)
        {
            lock (gate) output.WriteLine(WorkerProtocol.Encode(r));
        }
        var state = new State(factory, Send);
        try
        {
            while (await input.ReadLineAsync() is { } line)
            {
                if (line.Length == 0) continue;
                var request = WorkerProtocol.Decode<WorkerRequest>(line);
                if (request.Op == WorkerRequest.Exit) break;
                Send(await state.ServeAsync(request));
            }
        }
        catch (IOException)
        {
            // The runner went away; nothing to reply to.
        }
        finally
        {
            state.Dispose();
        }
        return 0;
    }

    /// <summary>
    /// Exits the process (code 3) once the runner that started it has gone, checked every second: a worker busy in
    /// a runaway cell would otherwise spin on forever after its runner was killed.
    /// </summary>
    static Timer? WatchRunner()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(RunnerPidVariable), out var pid)) return null;
        return new Timer(_ =>
        {
            try
            {
                using var runner = System.Diagnostics.Process.GetProcessById(pid);
                if (!runner.HasExited) return;
            }
            catch (ArgumentException)
            {
                // No such process.
            }
            Environment.Exit(3);
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The engine serving the open notebook and the one warming up for the next. Used by the request loop only.</summary>
    sealed class State(INotebookEngineFactory factory, Action<WorkerReply> send) : IDisposable
    {
        INotebookEngine? engine;
        HashSet<System.Reflection.Assembly> loadedBefore = new();
        Task<INotebookEngine> next = Prepare(factory);
        Task? priming = Task.Run(async () =>
        {
            await factory.PrimeAsync();
            Preload(Environment.GetEnvironmentVariable(PreloadVariable));
        });

        static Task<INotebookEngine> Prepare(INotebookEngineFactory factory) => Task.Run(async () =>
        {
            var e = factory.Create();
            await e.WarmUpAsync();
            return e;
        });

        public async Task<WorkerReply> ServeAsync(WorkerRequest request)
        {
            try
            {
                switch (request.Op)
                {
                    case WorkerRequest.Open:
                        engine?.Dispose();
                        engine = null;
                        var prepared = next;
                        next = null!;
                        try
                        {
                            if (priming is not null) await Completed(priming);
                            priming = null;
                            engine = await prepared;
                        }
                        finally
                        {
                            next = Prepare(factory);
                        }
                        loadedBefore = AppDomain.CurrentDomain.GetAssemblies().ToHashSet();
                        Environment.SetEnvironmentVariable(OutputVariable, request.Output is { } o ? Path.GetFullPath(o) : null);
                        Environment.SetEnvironmentVariable(NotebookVariable, request.Notebook);
                        engine.Start(request.Directory ?? Directory.GetCurrentDirectory());
                        return new WorkerReply { Ok = true };
                    case WorkerRequest.Close:
                        engine?.Dispose();
                        engine = null;
                        return new WorkerReply { Ok = true, Recycle = ResetLibraries(loadedBefore) };
                    case WorkerRequest.Cell when engine is not null:
                        engine.StreamListener = request.Stream ? Streamer(request.MaxOutput) : null;
                        try
                        {
                            return new WorkerReply { Ok = true, Cell = await engine.RunCellAsync(request.Code ?? "", request.Kernel ?? "csharp", request.MaxOutput) };
                        }
                        finally
                        {
                            engine.StreamListener = null;
                        }
                    case WorkerRequest.Cell:
                        return new WorkerReply { Message = "no notebook is open" };
                    default:
                        return new WorkerReply { Message = $"unknown op '{request.Op}'" };
                }
            }
            catch (Exception e)
            {
                return new WorkerReply { Message = e.ToString() };
            }
        }

        /// <summary>Sends what a cell writes as interim lines, at most <paramref name="max"/> characters of it (--max-output).</summary>
        Action<string, string> Streamer(long max)
        {
            long left = max;
            return (name, text) =>
            {
                var n = (int)Math.Min(text.Length, Interlocked.Read(ref left));
                if (n <= 0) return;
                Interlocked.Add(ref left, -n);
                try
                {
                    send(new WorkerReply { Ok = true, Stream = new StreamChunk(name, text[..n]) });
                }
                catch (IOException)
                {
                    // The runner went away; the request loop finds out too.
                }
            };
        }

        /// <summary>
        /// After a notebook: the workbench library (Workbench.Lab, loaded by <c>#r</c>) resets every static a notebook
        /// can change (<c>Notebook.ResetProcessState</c>), so the next notebook may run in this warm process; its folder
        /// (its dependencies and the Plotly bridge) then counts as trusted. Returns why the worker must be retired
        /// instead (another local library, or a failed reset), or null.
        /// </summary>
        static string? ResetLibraries(HashSet<System.Reflection.Assembly> before)
        {
            // Every copy: the kernel's script loader loads the #r file into a context of its own, and Lab's resolver
            // into the default one; notebook code may run against either.
            var labs = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.GetName().Name == LabAssemblyName).ToList();
            var resets = labs.Select(a => a.GetType("Workbench.Lab.Notebook")?.GetMethod("ResetProcessState",
                System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, Type.EmptyTypes)).ToList();
            var folders = labs.Select(a => Path.GetDirectoryName(a.Location)).Distinct().ToList();
            if (labs.Count == 0 || resets.Any(r => r is null) || folders.Count != 1) return LocalLibraryLoaded(before, null);
            foreach (var (lab, reset) in labs.Zip(resets))
            {
                try
                {
                    reset!.Invoke(null, null);
                }
                catch (System.Reflection.TargetInvocationException e)
                {
                    return $"{lab.Location}: Notebook.ResetProcessState failed: {e.InnerException?.Message}";
                }
            }
            return LocalLibraryLoaded(before, folders[0]);
        }

        /// <summary>The workbench library a notebook loads with <c>#r</c>, whose statics <see cref="ResetLibraries"/> resets.</summary>
        public const string LabAssemblyName = "Workbench.Lab";

        /// <summary>
        /// The first assembly loaded since <paramref name="before"/> from a file that is neither the worker's own,
        /// the runtime's, a package from the NuGet global packages folder, nor in <paramref name="resetFolder"/>: a
        /// notebook's local library, whose statics (caches, counters, "set up once" flags) would leak into the next
        /// notebook. Null if none. Submissions are in-memory assemblies and do not count.
        /// </summary>
        static string? LocalLibraryLoaded(HashSet<System.Reflection.Assembly> before, string? resetFolder)
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string[] trusted = [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(object).Assembly.Location)!, packages, .. resetFolder is null ? [] : new[] { resetFolder }];
            return AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !before.Contains(a) && !a.IsDynamic && a.Location.Length > 0)
                .Select(a => a.Location)
                .Where(path => !trusted.Any(t => path.StartsWith(Path.TrimEndingDirectorySeparator(t) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
        }

        /// <summary>
        /// Loads the workbench library at <paramref name="path"/> into the default context (where a warm worker's later
        /// notebooks find it) and its Plotly bridge: the first chart's cost, paid before the first notebook starts.
        /// Nothing a notebook can observe changes (the isolation test's fields are those of a fresh worker).
        /// </summary>
        static void Preload(string? path)
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path)) return;
            var lab = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(lab.ManifestModule.ModuleHandle); // its resolver
            // One figure through the bridge (Plotly.NET's JIT is most of a first chart's cost), then the chart numbering
            // reset, as between notebooks.
            var charts = Type.GetType("Workbench.Charts.Charts, Workbench.Charts");
            var line = charts?.GetMethods().FirstOrDefault(m => m.Name == "Line" && m.IsGenericMethodDefinition)?.MakeGenericMethod(typeof(double), typeof(double));
            var chart = line?.Invoke(null, [new[] { 1.0, 2.0 }, new[] { 1.0, 4.0 }, "", "", "", "", null]);
            _ = chart?.GetType().GetProperty("FigureJson")?.GetValue(chart);
            charts?.GetMethod("ResetProcessState")?.Invoke(null, null);
        }

        /// <summary>Priming is an optimisation: its failure must not fail a notebook.</summary>
        static async Task Completed(Task task)
        {
            try
            {
                await task;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"WorkerHost: priming failed: {e.Message}");
            }
        }

        public void Dispose()
        {
            engine?.Dispose();
            try
            {
                if (next.Wait(TimeSpan.FromSeconds(10))) next.Result.Dispose();
            }
            catch (AggregateException)
            {
                // The warm-up failed; there is nothing to dispose.
            }
        }
    }
}
