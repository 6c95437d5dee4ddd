// Which cell kernels the runner executes, and how their names and aliases are spelled in .ipynb and .dib files.
namespace Workbench.Notebooks.Formats;

/// <summary>
/// The kernel names a notebook may use: C# (with its aliases) and the value store. Other .NET Interactive
/// kernels (F#, PowerShell, JavaScript, SQL, ...) are recognised only to report them as unsupported.
/// </summary>
public static class KernelNames
{
    public const string CSharp = "csharp";
    public const string Value = "value";
    public const string Markdown = "markdown";

    static readonly Dictionary<string, string> Supported = new(StringComparer.Ordinal)
    {
        ["csharp"] = CSharp, ["c#"] = CSharp, ["C#"] = CSharp, ["cs"] = CSharp,
        ["value"] = Value,
    };

    static readonly HashSet<string> Foreign = new(StringComparer.OrdinalIgnoreCase)
    {
        "fsharp", "f#", "fs", "pwsh", "powershell", "javascript", "js", "html", "mermaid", "sql", "kql",
        "http", "python", "r", "vscode", "webview",
    };

    /// <summary>The canonical name for a supported name or alias, or null.</summary>
    public static string? Canonical(string name) => Supported.TryGetValue(name, out var c) ? c : null;

    /// <summary>True for a kernel name known to .NET Interactive that this runner does not execute.</summary>
    public static bool IsForeign(string name) => Foreign.Contains(name);

    /// <summary>True for markdown spelled as a .dib cell selector.</summary>
    public static bool IsMarkdown(string name) => name is "markdown" or "md";

    /// <summary>
    /// The kernel named by a selector line (exactly <c>#!name</c>), or null when the line is not a selector
    /// (magic commands such as <c>#!import x.dib</c> or <c>#!set --name x</c> are not).
    /// </summary>
    public static string? Selector(string line)
    {
        var t = line.TrimEnd();
        if (!t.StartsWith("#!", StringComparison.Ordinal)) return null;
        var name = t[2..];
        if (name.Length == 0 || name.Any(char.IsWhiteSpace)) return null;
        return Canonical(name) is not null || IsForeign(name) || IsMarkdown(name) || name == "meta" ? name : null;
    }
}
