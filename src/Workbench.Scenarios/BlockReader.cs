// The scenario language's block structure, around the one-line parser (LineParser):
//   schedule "2*3.1"          the schedule of the script's parallel blocks (optional, before the first block)
//   parallel {                the lines up to "}" run concurrently, each on its [pid N] thread, in order per thread
//     [pid 1] vmspace_destroy(0x1000) = ?
//     [pid r2] vmspace_mcontrol(0x1000, 0, 0x1000, MADV_INVAL, 0) = ?
//   }
using System.Text.RegularExpressions;

namespace Workbench.Scenarios;

/// <summary>Reads a script line by line, tracking parallel blocks and the schedule line. Errors name file and line.</summary>
sealed partial class BlockReader(string file)
{
    int _block, _open;

    /// <summary>The <c>schedule "..."</c> line's string, once read.</summary>
    public string? Schedule { get; private set; }

    [GeneratedRegex("""^schedule\s+"([^"]*)"\s*(#.*)?$""")]
    private static partial Regex ScheduleLine();

    [GeneratedRegex("""^parallel\s*\{\s*(#.*)?$""")]
    private static partial Regex ParallelOpen();

    [GeneratedRegex("""^\}\s*(#.*)?$""")]
    private static partial Regex BlockClose();

    /// <summary>The event on line <paramref name="n"/>, or null for a comment, blank or structure line.</summary>
    public ScriptEvent? Line(int n, string text)
    {
        var t = text.AsSpan().TrimStart();
        // Most lines are calls: the structure lines are recognised by their first word before any regex runs.
        if (t.StartsWith("schedule", StringComparison.Ordinal) && ScheduleLine().Match(text.Trim()) is { Success: true } m)
        {
            if (Schedule is not null) throw new ScriptException(file, n, "a second schedule line (a script has one schedule, for all its parallel blocks)");
            if (_block > 0) throw new ScriptException(file, n, "the schedule line must come before the first parallel block");
            try { Workbench.Kernel.Sched.Schedule.Parse(m.Groups[1].Value); }
            catch (FormatException e) { throw new ScriptException(file, n, e.Message); }
            Schedule = m.Groups[1].Value;
            return null;
        }
        if (t.StartsWith("parallel", StringComparison.Ordinal) && ParallelOpen().IsMatch(text.Trim()))
        {
            if (_open > 0) throw new ScriptException(file, n, $"parallel blocks do not nest (the block opened at line {_open} is still open)");
            _open = n;
            _block++;
            return null;
        }
        if (t.StartsWith("}", StringComparison.Ordinal) && BlockClose().IsMatch(text.Trim()))
        {
            if (_open == 0) throw new ScriptException(file, n, "'}' without an open parallel block");
            _open = 0;
            return null;
        }
        var ev = new LineParser(file, n, text).Parse();
        if (ev is null || _open == 0) return ev;
        if (ev.Thread is null)
            throw new ScriptException(file, n, "a line in a parallel block names its thread: [pid N] call(...)");
        return ev with { Block = _block };
    }

    /// <summary>At the end of the text: an open block is an error naming where it was opened.</summary>
    public void End()
    {
        if (_open > 0) throw new ScriptException(file, _open, "this parallel block is never closed with '}'");
    }
}
