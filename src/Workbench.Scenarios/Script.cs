// The scenario language (.scn): one event a line, syzkaller-style bindings, strace-style expected results.
//   [pid 2] r1 = vmspace_mmap(0x1000, 0, 0x1000, PROT_READ|PROT_WRITE, MAP_ANON|MAP_FIXED, -1, 0) = 0  # comment
using Workbench.Kernel.Kern;

namespace Workbench.Scenarios;

/// <summary>A script that cannot be run: bad syntax, an unknown call, an impossible event. Names file and line.</summary>
public sealed class ScriptException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

/// <summary>An argument as written: a number, a string, or a bound name with an optional offset.</summary>
public abstract record Arg
{
    public sealed record Num(long Value) : Arg;
    public sealed record Text(string Value) : Arg;
    public sealed record Bound(string Name, long Offset) : Arg;
}

/// <summary>What a line expects its call to return.</summary>
public abstract record Expectation
{
    /// <summary><c>= VALUE</c>: success with this value.</summary>
    public sealed record Value(Arg Expected) : Expectation;
    /// <summary><c>= -1 ERRNAME (message)</c>.</summary>
    public sealed record Error(int Errno, string Name) : Expectation;
    /// <summary><c>= EJUSTRETURN</c>.</summary>
    public sealed record JustReturn : Expectation;
    /// <summary><c>= ?</c>: not checked.</summary>
    public sealed record Unchecked : Expectation;
}

/// <summary>Which thread runs an event: a tid, a bound name, or "the thread of the previous line" (null).</summary>
public sealed record ThreadRef(int? Tid, string? Name)
{
    public override string ToString() => Name ?? Tid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "previous";
}

/// <summary>One event line of a script. <paramref name="Block"/> is 0 for a line that runs on its own, or the number
/// (1, 2, ...) of the <c>parallel { ... }</c> block whose lines run concurrently.</summary>
public sealed record ScriptEvent(int Line, ThreadRef? Thread, string? Bind, SysentEntry Call, IReadOnlyList<Arg> Args, Expectation? Expect, string Source, int Block = 0);

/// <summary>A parsed scenario script.</summary>
public sealed class Script
{
    internal Script(string file, IReadOnlyList<ScriptEvent> events, string? schedule = null)
    {
        File = file; Events = events; Schedule = schedule;
    }

    /// <summary>The file name as given (used in messages; never made absolute, so traces do not depend on the machine).</summary>
    public string File { get; }

    public IReadOnlyList<ScriptEvent> Events { get; }

    /// <summary>The script's <c>schedule "..."</c> line, or null (see <see cref="Workbench.Kernel.Sched.Schedule"/>).</summary>
    public string? Schedule { get; }

    /// <summary>True when the script has a <c>parallel</c> block.</summary>
    public bool IsConcurrent => Events.Any(e => e.Block > 0);

    /// <summary>Reads and parses a .scn file. Throws <see cref="ScriptException"/> naming file and line.</summary>
    public static Script Load(string path)
    {
        CheckReadable(path);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptException(path, 0, $"cannot read: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>A script read as it runs (<see cref="Replayer.RunStreamed"/>): its <see cref="Events"/> stay empty.
    /// Throws <see cref="ScriptException"/> for a directory or a missing file.</summary>
    public static Script Streamed(string path)
    {
        CheckReadable(path);
        return new Script(path, []);
    }

    /// <summary>The events of a .scn file, parsed one line at a time as they are enumerated (nothing else of the file
    /// is held). Throws <see cref="ScriptException"/> naming file and line for a bad line or a read error.</summary>
    public static IEnumerable<ScriptEvent> ReadEvents(string path) => ReadEvents(path, new BlockReader(path));

    internal static IEnumerable<ScriptEvent> ReadEvents(string path, BlockReader reader)
    {
        IEnumerator<string> lines;
        try { lines = System.IO.File.ReadLines(path).GetEnumerator(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptException(path, 0, $"cannot read: {e.Message}");
        }
        using (lines)
        {
            for (int n = 1; ; n++)
            {
                bool more;
                try { more = lines.MoveNext(); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ScriptException(path, n, $"cannot read: {e.Message}");
                }
                if (!more) break;
                if (reader.Line(n, lines.Current) is { } ev) yield return ev;
            }
            reader.End();
        }
    }

    static void CheckReadable(string path)
    {
        if (System.IO.Directory.Exists(path))
            throw new ScriptException(path, 0, "is a directory, not a scenario file");
        if (!System.IO.File.Exists(path))
            throw new ScriptException(path, 0, "no such file");
    }

    /// <summary>Parses script text. Throws <see cref="ScriptException"/> on the first bad line.</summary>
    public static Script Parse(string text, string file = "<script>")
    {
        var events = new List<ScriptEvent>();
        var reader = new BlockReader(file);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var ev = reader.Line(i + 1, lines[i]);
            if (ev is not null) events.Add(ev);
        }
        reader.End();
        return new Script(file, events, reader.Schedule);
    }
}
