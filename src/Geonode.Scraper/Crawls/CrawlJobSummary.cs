namespace Geonode.Scraper;

/// <summary>A crawl job as <c>GET /v1/crawl/jobs</c> lists it.</summary>
public sealed record CrawlJobSummary : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the seed URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the number of pages discovered.</summary>
    public int TotalPages { get; init; }

    /// <summary>Gets the number of pages extracted successfully.</summary>
    public int CompletedPages { get; init; }

    /// <summary>Gets the number of pages that failed.</summary>
    public int FailedPages { get; init; }

    /// <summary>Gets the settings the crawl runs with.</summary>
    public CrawlConfig? Config { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job reached a terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
