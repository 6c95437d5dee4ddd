// Bad input to the runner (missing file, malformed JSON, unsupported kernel, bad parameter): exit code 2.
namespace Workbench.Notebooks;

/// <summary>
/// Bad input found before anything runs. The message always names the file and, where one is involved,
/// the 1-based cell index.
/// </summary>
public sealed class NotebookInputException : Exception
{
    public NotebookInputException(string file, int? cellIndex, string message, Exception? inner = null)
        : base(Format(file, cellIndex, message), inner)
    {
        File = file;
        CellIndex = cellIndex;
    }

    public string File { get; }

    /// <summary>1-based index in the notebook's cell list, or null when the problem is the whole file.</summary>
    public int? CellIndex { get; }

    static string Format(string file, int? cellIndex, string message) =>
        cellIndex is { } i ? $"{file}: cell {i}: {message}" : $"{file}: {message}";
}
