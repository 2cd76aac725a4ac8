namespace Geonode.Scraper;

/// <summary>An asynchronous extraction job (<c>GET /v1/extract/{job_id}</c>).</summary>
public sealed record ExtractJob : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job reached a terminal status, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the extracted content; <see langword="null"/> until the job completes.</summary>
    public PageContent? Data { get; init; }

    /// <summary>Gets how the extraction was performed; <see langword="null"/> until the job completes.</summary>
    public ExtractMetadata? Metadata { get; init; }

    /// <summary>Gets why the job failed; <see langword="null"/> unless it failed.</summary>
    public JobError? Error { get; init; }

    /// <summary>Gets the requests charged; <see langword="null"/> until the job ends.</summary>
    public int? TokensCharged { get; init; }
}
