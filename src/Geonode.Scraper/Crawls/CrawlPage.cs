namespace Geonode.Scraper;

/// <summary>One page a crawl discovered, with its content once extracted.</summary>
public sealed record CrawlPage
{
    /// <summary>Gets the page URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the URL of the page that linked to this one; <see langword="null"/> for the seed.</summary>
    public string? ParentUrl { get; init; }

    /// <summary>Gets the page's depth; the seed page is at depth 1.</summary>
    public int Depth { get; init; }

    /// <summary>Gets the page's status.</summary>
    /// <remarks>Inferred: the documented values are <c>completed</c> and <c>failed</c>; other statuses are expected from the
    /// counters (<c>cancelled</c>, and pending or running ones) and any string is kept. A page counts as settled when its
    /// status is terminal.</remarks>
    public JobStatus Status { get; init; }

    /// <summary>Gets the error code when the page failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the error message when the page failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the links found on the page.</summary>
    public IReadOnlyList<string>? Links { get; init; }

    /// <summary>Gets the extracted content, when the page completed.</summary>
    public PageContent? Data { get; init; }

    /// <summary>Gets how the page was fetched.</summary>
    public PageMetadata? Metadata { get; init; }
}
