namespace Geonode.Scraper;

/// <summary>The result for one URL of a batch job.</summary>
public sealed record BatchItem
{
    /// <summary>Gets the 0-based position of the URL in the request.</summary>
    public int InputIndex { get; init; }

    /// <summary>Gets the URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the item's status.</summary>
    /// <remarks>Inferred: only <c>completed</c> and <c>failed</c> are documented for items; <c>pending</c>,
    /// <c>cancelled</c> (there are counters for both), <c>queued</c> and <c>processing</c> are expected and any other string
    /// is kept. An item counts as settled when its status is terminal (completed, failed, cancelled).</remarks>
    public JobStatus Status { get; init; }

    /// <summary>Gets the error code when the item failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the error message when the item failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the extracted content, when the item completed.</summary>
    public PageContent? Data { get; init; }

    /// <summary>Gets how the page was fetched.</summary>
    public PageMetadata? Metadata { get; init; }
}
