namespace Geonode.Scraper;

/// <summary>A map job with the URLs it found (<c>GET /v1/map/{job_id}</c>).</summary>
/// <remarks>Inferred: which statuses a map job takes is not settled (the MCP tools name <c>pending</c>/<c>running</c>/
/// <c>completed</c>/<c>failed</c>, the schema example <c>queued</c>); any status string is kept in <see cref="Status"/>.</remarks>
public sealed record MapJob : IScraperJob
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

    /// <summary>Gets the requests charged.</summary>
    public int? TokensCharged { get; init; }

    /// <summary>Gets the substring filter that was used.</summary>
    public string? Search { get; init; }

    /// <summary>Gets a value indicating whether sibling subdomains were probed.</summary>
    public bool? IncludeSubdomains { get; init; }

    /// <summary>Gets a value indicating whether query strings were stripped.</summary>
    public bool? IgnoreQueryParameters { get; init; }

    /// <summary>Gets the error code when the job failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the error message when the job failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job ended.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the URLs found.</summary>
    public IReadOnlyList<MapLink> Links { get; init => field = value ?? []; } = [];
}
