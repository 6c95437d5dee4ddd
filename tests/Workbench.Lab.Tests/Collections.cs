// Charts' inlining switch, the Formatter configuration and the working directory are process-global.
namespace Workbench.Lab.Tests;

/// <summary>Tests that touch process-global state run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "global state";
}
