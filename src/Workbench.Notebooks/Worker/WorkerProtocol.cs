// The line-delimited JSON protocol between the runner and a worker process, on a channel of its own: a Unix-domain
// socket the runner listens on (its path in the worker's WORKBENCH_WORKER_CHANNEL). Not the worker's stdin/stdout,
// which a cell and every process it starts share: nothing a cell prints (a child's `printf x` without a newline
// included) can reach or corrupt the protocol. One request line gets one reply line.
//
//   runner -> worker                                    worker -> runner
//   {"op":"open","directory":"/nb","output":"/out",     {"ok":true}
//    "notebook":"01-x"}
//   {"op":"cell","kernel":"csharp","code":"1+1",        {"ok":true,"cell":{"outputs":[...],"failed":false,...}}
//    "maxOutput":4194304}
//   {"op":"cell",...,"stream":true}                     {"ok":true,"stream":{"name":"stdout","text":"..."}}  (0 or more,
//                                                       as the cell writes), then the reply above
//   {"op":"close"}                                      {"ok":true}   or {"ok":true,"recycle":"<why>"}
//   {"op":"exit"}                                       (exits)
using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Notebooks.Engine;

namespace Workbench.Notebooks.Worker;

/// <summary>A request to a worker.</summary>
public sealed class WorkerRequest
{
    public const string Open = "open", Cell = "cell", Close = "close", Exit = "exit";

    public string Op { get; set; } = "";
    public string? Directory { get; set; }

    /// <summary>On open: the run's output folder, handed to the notebook as <see cref="WorkerHost.OutputVariable"/>.</summary>
    public string? Output { get; set; }

    /// <summary>On open: the notebook's name, handed to the notebook as <see cref="WorkerHost.NotebookVariable"/>.</summary>
    public string? Notebook { get; set; }
    public string? Kernel { get; set; }
    public string? Code { get; set; }

    /// <summary>For a cell: also send its stdout and stderr as they are written (<c>--log-output</c>), as interim lines.</summary>
    public bool Stream { get; set; }

    /// <summary>For a cell: the most characters its outputs may hold (<see cref="Engine.OutputCollector"/>).</summary>
    public long MaxOutput { get; set; } = long.MaxValue;
}

/// <summary>A worker's reply: <see cref="Ok"/> false with a <see cref="Message"/> when the request itself could not be served.</summary>
public sealed class WorkerReply
{
    public bool Ok { get; set; }
    public string? Message { get; set; }
    public CellExecution? Cell { get; set; }

    /// <summary>
    /// On close: the notebook loaded a library from a local path (e.g. artifacts/lab/Workbench.Lab.dll), whose
    /// static state would outlive the kernel, so the runner retires this worker rather than reuse it.
    /// </summary>
    public string? Recycle { get; set; }

    /// <summary>An interim line while a cell runs with <see cref="WorkerRequest.Stream"/>: text it just wrote. The reply follows later.</summary>
    public StreamChunk? Stream { get; set; }
}

/// <summary>Text a running cell wrote to <see cref="Name"/> ("stdout" or "stderr").</summary>
public sealed record StreamChunk(string Name, string Text);

static class WorkerProtocol
{
    /// <summary>The environment variable holding the path of the Unix-domain socket the runner listens on.</summary>
    public const string ChannelVariable = "WORKBENCH_WORKER_CHANNEL";

    public static string Encode<T>(T value) => JsonSerializer.Serialize(value, typeof(T), WorkerJsonContext.Default);

    public static T Decode<T>(string line) => (T?)JsonSerializer.Deserialize(line, typeof(T), WorkerJsonContext.Default)
        ?? throw new JsonException("empty message");
}

/// <summary>Source-generated (de)serialisers for the protocol: no reflection warm-up on either side's first message.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkerRequest))]
[JsonSerializable(typeof(WorkerReply))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext
{
}
