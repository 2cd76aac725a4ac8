namespace Geonode.Scraper;

/// <summary>An extraction job as <c>GET /v1/extract/jobs</c> lists it.</summary>
public sealed record ExtractJobSummary : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the URL that was extracted.</summary>
    public string? Url { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets how long the job ran, in milliseconds.</summary>
    /// <remarks>Inferred: <c>execution_time</c> is read as milliseconds from the example values; the unit is not stated.</remarks>
    public double? ExecutionTime { get; init; }

    /// <summary>Gets the formats that were requested.</summary>
    public IReadOnlyList<OutputFormat>? Output { get; init; }
}
