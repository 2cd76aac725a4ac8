namespace Geonode.Scraper;

/// <summary>The answer to cancelling a batch job (HTTP 202).</summary>
public sealed record BatchCancellation : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the path of the job's status endpoint.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>Gets the number of URLs already running, which may still finish (and be charged).</summary>
    public int InFlightUrls { get; init; }
}
