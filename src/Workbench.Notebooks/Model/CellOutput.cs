// One output of a code cell, shaped like an nbformat output so the writer maps it one to one.
namespace Workbench.Notebooks.Model;

/// <summary>
/// An nbformat output: <c>stream</c> (<see cref="Name"/>, <see cref="Text"/>), <c>display_data</c> /
/// <c>execute_result</c> (<see cref="Data"/>: MIME type to text), or <c>error</c> (<see cref="ErrorName"/>,
/// <see cref="ErrorValue"/>, <see cref="Traceback"/>). Also the wire shape between worker and runner.
/// </summary>
public sealed class CellOutput
{
    public const string Stream = "stream";
    public const string DisplayData = "display_data";
    public const string ExecuteResult = "execute_result";
    public const string Error = "error";

    public string OutputType { get; set; } = Stream;
    public string? Name { get; set; }
    public string? Text { get; set; }
    public SortedDictionary<string, string>? Data { get; set; }
    public string? ErrorName { get; set; }
    public string? ErrorValue { get; set; }
    public List<string>? Traceback { get; set; }

    public static CellOutput StreamText(string name, string text) => new() { OutputType = Stream, Name = name, Text = text };

    public static CellOutput Values(string outputType, IEnumerable<KeyValuePair<string, string>> data) =>
        new() { OutputType = outputType, Data = new SortedDictionary<string, string>(data.ToDictionary(), StringComparer.Ordinal) };

    public static CellOutput Failure(string name, string value, IEnumerable<string> traceback) =>
        new() { OutputType = Error, ErrorName = name, ErrorValue = value, Traceback = traceback.ToList() };
}
