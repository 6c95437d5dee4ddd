// Runs `jupyter nbconvert --execute` with the .NET kernel, as a user's Jupyter would.
using System.Diagnostics;
using Workbench.Tests.Shared;

namespace Workbench.Lab.Tests.Notebooks;

/// <summary>Checks for and runs Debian's nbconvert with the kernelspec install-jupyter.sh writes.</summary>
internal static class JupyterTools
{
    internal sealed record Result(int ExitCode, string Output, string ExecutedPath, TimeSpan Elapsed);

    /// <summary>
    /// Executes <paramref name="notebook"/> into <paramref name="outputDir"/>. The process runs in
    /// <paramref name="outputDir"/>, not the notebook's folder: nbconvert itself starts the kernel in
    /// the notebook's folder, which is what makes its relative <c>#r</c> resolve.
    /// </summary>
    internal static Result Execute(string notebook, string outputDir, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(ExternalTools.Jupyter)
        {
            WorkingDirectory = outputDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", "--output-dir", outputDir,
                     "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=300", notebook })
            psi.ArgumentList.Add(a);
        psi.Environment["JUPYTER_PATH"] = ExternalTools.JupyterPath;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["PYDEVD_DISABLE_FILE_VALIDATION"] = "1";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"nbconvert {notebook} still running after {timeout}; killed");
        }
        p.WaitForExit();
        var executed = Path.Combine(outputDir, Path.GetFileName(notebook));
        return new Result(p.ExitCode, stdout.Result + stderr.Result, executed, sw.Elapsed);
    }
}
