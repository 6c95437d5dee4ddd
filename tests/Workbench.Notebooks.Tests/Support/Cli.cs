// Drives "workbench run" exactly as the CLI does, on the shared pool, with outputs in a fresh temp folder.
using System.Text.Json.Nodes;
using Workbench.Notebooks.Command;

namespace Workbench.Notebooks.Tests.Support;

sealed record CliRun(int ExitCode, string Stdout, string Stderr, string OutputDir)
{
    public string Ipynb(string name) => Path.Combine(OutputDir, name + ".ipynb");

    public string Html(string name) => Path.Combine(OutputDir, name + ".html");

    public JsonObject Notebook(string name) => (JsonObject)JsonNode.Parse(File.ReadAllText(Ipynb(name)))!;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

static class Cli
{
    /// <summary>Runs with <c>--output</c> set to a new temp folder (unless given); fixture names are resolved to paths.</summary>
    public static Task<CliRun> RunAsync(Workers workers, params string[] args) => RunOnAsync(workers.Pool, args);

    /// <summary>As <see cref="RunAsync"/>, on <paramref name="pool"/> (a pool with other worker settings, e.g. a small memory limit).</summary>
    public static async Task<CliRun> RunOnAsync(Workbench.Notebooks.Worker.WorkerPool pool, params string[] args)
    {
        var list = args.Select(a => !a.StartsWith('-') && !a.Contains('=') && !Path.IsPathRooted(a) && File.Exists(Paths.Fixture(a)) ? Paths.Fixture(a) : a).ToList();
        var at = list.IndexOf("--output");
        var output = at >= 0 ? list[at + 1] : Paths.NewTempDir();
        if (at < 0) list.AddRange(["--output", output]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await NotebookRunCommand.RunAsync(list, stdout, stderr, Workers.StartInfo, pool);
        return new CliRun(exit, stdout.ToString(), stderr.ToString(), output);
    }

    /// <summary>The text of every output of a code cell (stream text and text/plain), joined.</summary>
    public static string OutputText(JsonObject nb, string cellId)
    {
        var cell = nb["cells"]!.AsArray().Single(c => (string?)c!["id"] == cellId)!;
        return string.Concat(cell["outputs"]!.AsArray().Select(o =>
            Join(o!["text"]) + Join(o["data"]?["text/plain"]) + (string?)o["evalue"]));
    }

    static string Join(JsonNode? n) => n is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)n ?? "";
}
