namespace Geonode.Scraper;

/// <summary>A batch job with its counters and one page of item results (<c>GET /v1/batch/{job_id}</c>).</summary>
public sealed record BatchJob : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the settings the batch runs with.</summary>
    public BatchConfig? BatchConfig { get; init; }

    /// <summary>Gets the requests charged and reserved.</summary>
    public TokenSummary? TokenSummary { get; init; }

    /// <summary>Gets the number of URLs in the batch.</summary>
    public int TotalUrls { get; init; }

    /// <summary>Gets the number of URLs extracted successfully.</summary>
    public int CompletedUrls { get; init; }

    /// <summary>Gets the number of URLs that failed.</summary>
    public int FailedUrls { get; init; }

    /// <summary>Gets the number of URLs that were cancelled.</summary>
    public int CancelledUrls { get; init; }

    /// <summary>Gets the number of URLs not processed yet.</summary>
    public int PendingUrls { get; init; }

    /// <summary>Gets the URLs the server skipped as invalid.</summary>
    public IReadOnlyList<string> InvalidUrls { get; init => field = value ?? []; } = [];

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job reached a terminal status, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the item results on the requested result page.</summary>
    public IReadOnlyList<BatchItem> Results { get; init => field = value ?? []; } = [];
}
