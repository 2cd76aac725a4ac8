namespace Geonode.Scraper;

/// <summary>The settings a batch job runs with (<c>batch_config</c> / <c>config</c>).</summary>
public sealed record BatchConfig
{
    /// <summary>Gets a value indicating whether pages are rendered in a headless browser.</summary>
    public bool? RenderJs { get; init; }

    /// <summary>Gets the formats returned for each page.</summary>
    public IReadOnlyList<OutputFormat>? Formats { get; init; }

    /// <summary>Gets the proxy used.</summary>
    public ProxySettings? Proxy { get; init; }

    /// <summary>Gets the headers sent to the target sites.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets what the browser waits for before extraction.</summary>
    public WaitConfig? WaitConfig { get; init; }
}
