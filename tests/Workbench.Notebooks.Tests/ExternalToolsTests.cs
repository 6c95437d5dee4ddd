// The rule for tests that need Python's nbformat, Jupyter or chromium (tests/Shared/ExternalTools.cs).
using Workbench.Tests.Shared;

namespace Workbench.Notebooks.Tests;

public sealed class ExternalToolsTests
{
    [Fact]
    public void a_missing_tool_skips_with_a_message_naming_install_jupyter_sh()
    {
        var reason = ExternalTools.SkipReason(["no python3 with the nbformat module"], ci: false);
        Assert.Equal("no python3 with the nbformat module; run: bash tests/Workbench.Lab.Tests/install-jupyter.sh", reason);
    }

    [Fact]
    public void under_CI_a_missing_tool_never_skips()
    {
        Assert.Null(ExternalTools.SkipReason(["/usr/bin/chromium not found"], ci: true));
    }

    [Fact]
    public void installed_tools_run()
    {
        Assert.Null(ExternalTools.SkipReason([], ci: false));
        Assert.Null(ExternalTools.SkipReason([], ci: true));
    }
}
