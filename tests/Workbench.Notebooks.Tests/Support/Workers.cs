// One warm worker pool shared by every test that runs notebooks: worker start-up (about 1.5 s) is paid once, as
// the CLI pays it once per run. Tests that kill a worker (timeouts, crashes) make the pool start a new one.
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Tests.Support;

/// <summary>Tests in this collection run one after another: they share the pool and the worker's process-global state.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection : ICollectionFixture<Workers>
{
    public const string Name = "notebooks";
}

/// <summary>The shared pool (one worker). Disposed when the collection ends.</summary>
public sealed class Workers : IDisposable
{
    public Workers()
    {
        Pool = new WorkerPool(StartInfo, 1);
        Pool.Prestart(1);
    }

    public static WorkerStartInfo StartInfo => WorkerStartInfo.ForAssembly(typeof(Program).Assembly.Location, Program.WorkerWord);

    public WorkerPool Pool { get; }

    public void Dispose() => Pool.Dispose();
}
