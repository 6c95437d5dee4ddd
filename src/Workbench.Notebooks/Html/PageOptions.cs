// How the runner's HTML page is laid out: report mode, table of contents, and the failure banner.
namespace Workbench.Notebooks.Html;

/// <summary>Layout of one page. Immutable.</summary>
public sealed record PageOptions
{
    /// <summary>Leave code cells' source out (report mode, <c>--no-input</c>): markdown and outputs only.</summary>
    public bool NoInput { get; init; }

    /// <summary>Start the page with a table of contents of the markdown headings (<c>--toc</c>).</summary>
    public bool TableOfContents { get; init; }

    /// <summary>When set, a banner at the top says the notebook failed and links to the cell.</summary>
    public PageFailure? Failure { get; init; }
}

/// <summary>What stopped a notebook: the cell's id and 1-based number (null when no cell ran), "failed"/"timedout"/"crashed", and the message.</summary>
public sealed record PageFailure(string? CellId, int? CellNumber, string Status, string Message);
