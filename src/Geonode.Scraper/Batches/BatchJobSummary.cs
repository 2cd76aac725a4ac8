namespace Geonode.Scraper;

/// <summary>A batch job as <c>GET /v1/batch/jobs</c> lists it.</summary>
public sealed record BatchJobSummary : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the number of URLs accepted into the batch.</summary>
    public int AcceptedUrls { get; init; }

    /// <summary>Gets the number of URLs extracted successfully.</summary>
    public int CompletedUrls { get; init; }

    /// <summary>Gets the number of URLs that failed.</summary>
    public int FailedUrls { get; init; }

    /// <summary>Gets the settings the batch runs with.</summary>
    public BatchConfig? Config { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job reached a terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
