namespace Geonode.Scraper;

/// <summary>The answer to an asynchronous extraction request (HTTP 202): the job that was started.</summary>
public sealed record ExtractJobAccepted : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the path of the job's status endpoint, relative to the API's base address.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>Gets the number of requests the job is expected to cost.</summary>
    public int? EstimatedTokens { get; init; }
}
