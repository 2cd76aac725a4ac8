namespace Geonode.Scraper;

/// <summary>A crawl job with its counters and one page of page results (<c>GET /v1/crawl/{job_id}</c>).</summary>
public sealed record CrawlJob : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the seed URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the settings the crawl runs with.</summary>
    public CrawlConfig? CrawlConfig { get; init; }

    /// <summary>Gets the requests charged and reserved.</summary>
    public TokenSummary? TokenSummary { get; init; }

    /// <summary>Gets the number of pages discovered so far (not the number of result pages).</summary>
    public int TotalPages { get; init; }

    /// <summary>Gets the number of pages extracted successfully.</summary>
    public int CompletedPages { get; init; }

    /// <summary>Gets the number of pages that failed.</summary>
    public int FailedPages { get; init; }

    /// <summary>Gets the number of pages that were cancelled.</summary>
    public int CancelledPages { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job reached a terminal status, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the page results on the requested result page.</summary>
    public IReadOnlyList<CrawlPage> Results { get; init => field = value ?? []; } = [];
}
