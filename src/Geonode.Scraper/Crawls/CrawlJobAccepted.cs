namespace Geonode.Scraper;

/// <summary>The answer to a crawl request (HTTP 202): the job that was started.</summary>
public sealed record CrawlJobAccepted : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the seed URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the path of the job's status endpoint, relative to the API's base address.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>Gets the number of pages the crawl is expected to extract.</summary>
    public int? EstimatedPages { get; init; }
}
