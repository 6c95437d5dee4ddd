// Test access to Workbench.Charts internals (InternalsVisibleTo Workbench.Lab.Tests).
using Workbench.Charts;

namespace Workbench.Lab.Tests;

internal static class PlotlyBridgeAccess
{
    internal static string Escape(string js) => PlotlyBridge.EscapeForInlining(js);
}
