// The tools a few tests need beyond the .NET SDK (Python's nbformat, Jupyter with the .NET kernel, chromium), and
// the one rule for them: skipped with the install command on a machine without them, failed (never skipped)
// under CI. Compiled into each test project that needs it (a linked source file, not an assembly).
using System.Diagnostics;

namespace Workbench.Tests.Shared;

/// <summary>A tool outside the .NET SDK that some tests need.</summary>
public enum ExternalTool
{
    /// <summary>Debian's python3 with the nbformat module (python3-nbformat).</summary>
    Nbformat,

    /// <summary>Debian's jupyter nbconvert and the dotnet-interactive kernelspec install-jupyter.sh writes.</summary>
    Jupyter,

    /// <summary>Debian's headless chromium.</summary>
    Chromium,

    /// <summary>Debian's classic Jupyter Notebook server (jupyter-notebook), which draws charts with its own plotly.</summary>
    ClassicNotebook,
}

/// <summary>Finds the tools; every answer is computed once per test run. Thread-safe.</summary>
public static class ExternalTools
{
    /// <summary>The script that installs every tool below, relative to the repository root.</summary>
    public const string InstallScript = "tests/Workbench.Lab.Tests/install-jupyter.sh";

    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Debian's classic notebook server.</summary>
    public const string ClassicNotebook = "/usr/bin/jupyter-notebook";

    /// <summary>Debian's jupyter (its modules live under /usr/bin/python3, not a pyenv python).</summary>
    public const string Jupyter = "/usr/bin/jupyter";

    static readonly Lazy<string?> python = new(FindNbformatPython);

    /// <summary>True when the environment variable CI says this is a CI run (any value but empty, "false" or "0").</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false" && ci != "0";

    /// <summary>$WORKBENCH_HOME or ~/.workbench, as in install-jupyter.sh.</summary>
    public static string WorkbenchHome =>
        Environment.GetEnvironmentVariable("WORKBENCH_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".workbench");

    public static string JupyterPath => Path.Combine(WorkbenchHome, "jupyter");

    public static string KernelSpec => Path.Combine(JupyterPath, "kernels", ".net-csharp", "kernel.json");

    /// <summary>A python3 that imports nbformat (Debian's first), or null.</summary>
    public static string? NbformatPython => python.Value;

    /// <summary>What is missing for <paramref name="tool"/>, or null when it is installed.</summary>
    public static string? Missing(ExternalTool tool) => tool switch
    {
        ExternalTool.Nbformat => NbformatPython is null ? "no python3 with the nbformat module (Debian's python3-nbformat)" : null,
        ExternalTool.Jupyter when !File.Exists(Jupyter) => $"{Jupyter} not found",
        ExternalTool.Jupyter when !File.Exists(KernelSpec) => $"kernelspec {KernelSpec} not found",
        ExternalTool.Chromium when !File.Exists(Chromium) => $"{Chromium} not found",
        ExternalTool.ClassicNotebook when !File.Exists(ClassicNotebook) => $"{ClassicNotebook} not found",
        _ => null,
    };

    /// <summary>The skip reason for a test needing <paramref name="tools"/> on this machine, or null to run it.</summary>
    public static string? SkipReason(IEnumerable<ExternalTool> tools) =>
        SkipReason(tools.Select(Missing).OfType<string>().ToList(), IsCi);

    /// <summary>
    /// The rule: null (run) when nothing is <paramref name="missing"/> or under <paramref name="ci"/> (the test then
    /// fails in <see cref="Require"/>); otherwise what is missing and the install command.
    /// </summary>
    public static string? SkipReason(IReadOnlyList<string> missing, bool ci) =>
        ci || missing.Count == 0 ? null : $"{string.Join("; ", missing)}; run: bash {InstallScript}";

    /// <summary>Fails the running test when a tool is missing (reached only under CI, where such tests never skip).</summary>
    public static void Require(params ExternalTool[] tools)
    {
        foreach (var tool in tools)
            if (Missing(tool) is { } missing)
                Xunit.Assert.Fail($"{missing}: CI must run `bash {InstallScript}` before the tests");
    }

    static string? FindNbformatPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var psi = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "-c", "import nbformat" }) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi);
                if (p is null) continue;
                _ = p.StandardError.ReadToEndAsync();
                _ = p.StandardOutput.ReadToEndAsync();
                if (!p.WaitForExit(TimeSpan.FromSeconds(30))) { p.Kill(); continue; }
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name.
            }
        }
        return null;
    }
}

/// <summary>A fact that needs <see cref="ExternalTool"/>s: skipped without them (naming the install script), run under CI.</summary>
public sealed class ToolFactAttribute : Xunit.FactAttribute
{
    public ToolFactAttribute(params ExternalTool[] tools) => Skip = ExternalTools.SkipReason(tools);
}

/// <summary>A theory that needs <see cref="ExternalTool"/>s: skipped without them (naming the install script), run under CI.</summary>
public sealed class ToolTheoryAttribute : Xunit.TheoryAttribute
{
    public ToolTheoryAttribute(params ExternalTool[] tools) => Skip = ExternalTools.SkipReason(tools);
}
