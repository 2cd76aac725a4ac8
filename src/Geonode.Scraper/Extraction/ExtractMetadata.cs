namespace Geonode.Scraper;

/// <summary>How an extraction was performed (<c>metadata</c> of an extraction result or job).</summary>
public sealed record ExtractMetadata
{
    /// <summary>Gets the URL that was extracted.</summary>
    public string? Url { get; init; }

    /// <summary>Gets a value indicating whether the page was rendered in a headless browser.</summary>
    public bool? RenderJs { get; init; }

    /// <summary>Gets the HTTP status code the target site answered with.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets how long the extraction took, in milliseconds.</summary>
    /// <remarks>Inferred: <c>duration_ms</c> is read as milliseconds from its name; no page states the unit.</remarks>
    public long? DurationMs { get; init; }

    /// <summary>Gets how many times the API retried the page.</summary>
    public int? RetryCount { get; init; }

    /// <summary>Gets the formats that were requested.</summary>
    public IReadOnlyList<OutputFormat>? Formats { get; init; }

    /// <summary>Gets the processing mode that was used.</summary>
    public ProcessingMode? ProcessingMode { get; init; }

    /// <summary>Gets the proxy that was used.</summary>
    public ProxySettings? Proxy { get; init; }

    /// <summary>Gets the headers that were sent to the target site.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets the wait configuration that was used.</summary>
    public WaitConfig? WaitConfig { get; init; }
}
