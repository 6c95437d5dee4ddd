// The end of a worker's stderr, bounded whatever the worker writes, and what it says the worker died of: the .NET
// runtime prints "Stack overflow." and then thousands of frames, so the cause is noticed as the text streams past.
namespace Workbench.Notebooks.Worker;

/// <summary>The last <see cref="MaxChars"/> characters of a stream, cut to <see cref="MaxLines"/> lines. Thread-safe.</summary>
internal sealed class StderrTail
{
    public const int MaxChars = 8 * 1024, MaxLines = 40;

    readonly object gate = new();
    readonly System.Text.StringBuilder text = new();
    string recent = "";

    public WorkerDeath Death { get; private set; }

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (gate)
        {
            // Look for the runtime's last words across chunk boundaries.
            var window = recent + chunk.ToString();
            if (Death == WorkerDeath.Unknown)
            {
                if (window.Contains("Stack overflow.", StringComparison.Ordinal)) Death = WorkerDeath.StackOverflow;
                else if (window.Contains("OutOfMemoryException", StringComparison.Ordinal)
                         || window.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
                         || window.Contains("GC heap hard limit", StringComparison.OrdinalIgnoreCase))
                    Death = WorkerDeath.OutOfMemory;
            }
            recent = window.Length > 64 ? window[^64..] : window;
            text.Append(chunk.Length > MaxChars ? chunk[^MaxChars..] : chunk);
            if (text.Length > MaxChars) text.Remove(0, text.Length - MaxChars);
        }
    }

    /// <summary>The kept text, its last <see cref="MaxLines"/> lines.</summary>
    public string Text
    {
        get
        {
            string all;
            lock (gate) all = text.ToString();
            var lines = all.TrimEnd('\n').Split('\n');
            return string.Join('\n', lines.Length > MaxLines ? lines[^MaxLines..] : lines);
        }
    }
}
