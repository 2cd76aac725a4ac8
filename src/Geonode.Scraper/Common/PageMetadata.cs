namespace Geonode.Scraper;

/// <summary>How one page of a batch or crawl was fetched (<c>metadata</c> of a result item).</summary>
public sealed record PageMetadata
{
    /// <summary>Gets the HTTP status code the target site answered with.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets how long the extraction took, in milliseconds.</summary>
    /// <remarks>Inferred: <c>duration_ms</c> is read as milliseconds from its name; no page states the unit.</remarks>
    public long? DurationMs { get; init; }

    /// <summary>Gets how many times the API retried the page.</summary>
    public int? RetryCount { get; init; }

    /// <summary>Gets the requests charged for the page.</summary>
    public int? TokensCharged { get; init; }
}
