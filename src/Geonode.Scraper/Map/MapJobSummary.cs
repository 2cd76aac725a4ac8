namespace Geonode.Scraper;

/// <summary>A map job as <c>GET /v1/map/jobs</c> lists it.</summary>
/// <remarks>Inferred: the set of map job statuses is not settled (see <see cref="MapJob"/>); any status string is kept.</remarks>
public sealed record MapJobSummary : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the base URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the number of URLs found.</summary>
    public int? LinksCount { get; init; }

    /// <summary>Gets how long discovery took, in milliseconds.</summary>
    /// <remarks>Inferred: <c>duration_ms</c> is read as milliseconds from its name; no page states the unit.</remarks>
    public long? DurationMs { get; init; }

    /// <summary>Gets the substring filter that was used.</summary>
    public string? Search { get; init; }

    /// <summary>Gets the error code when the job failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job ended.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
