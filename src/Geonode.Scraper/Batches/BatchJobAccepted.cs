namespace Geonode.Scraper;

/// <summary>The answer to a batch request (HTTP 202): the job that was started.</summary>
public sealed record BatchJobAccepted : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the path of the job's status endpoint, relative to the API's base address.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>Gets the number of URLs accepted into the batch.</summary>
    public int AcceptedUrls { get; init; }

    /// <summary>Gets the URLs the server skipped as invalid.</summary>
    /// <remarks>Inferred: the items' type is not shown in the docs; they are read as the URL strings.</remarks>
    public IReadOnlyList<string> InvalidUrls { get; init => field = value ?? []; } = [];
}
