// A theory that needs Debian's jupyter and the dotnet-interactive kernelspec from install-jupyter.sh.
namespace Workbench.Lab.Tests.Notebooks;

/// <summary>
/// Skipped (with the install command) when the tools are missing and the environment variable CI is
/// unset; under CI it runs anyway, so a missing install fails the tests instead of hiding them.
/// </summary>
public sealed class JupyterTheoryAttribute : TheoryAttribute
{
    public JupyterTheoryAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && JupyterTools.Missing() is { } missing)
            Skip = $"{missing}; run: bash {RepoPaths.InstallScript}";
    }
}
