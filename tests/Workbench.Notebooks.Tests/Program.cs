// The test assembly doubles as the notebook worker: the runner under test starts
// "dotnet exec Workbench.Notebooks.Tests.dll notebook-worker", as the CLI starts "workbench notebook-worker".
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Tests;

public static class Program
{
    public const string WorkerWord = "notebook-worker";

    public static int Main(string[] args) => args is [WorkerWord] ? WorkerHost.Run() : 0;
}
