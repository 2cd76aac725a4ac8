namespace Geonode.Scraper;

/// <summary>The settings a crawl job runs with (<c>crawl_config</c> / <c>config</c>).</summary>
public sealed record CrawlConfig
{
    /// <summary>Gets a value indicating whether pages are rendered in a headless browser.</summary>
    public bool? RenderJs { get; init; }

    /// <summary>Gets the formats returned for each page.</summary>
    public IReadOnlyList<OutputFormat>? Formats { get; init; }

    /// <summary>Gets a value indicating whether the crawl stays on the seed's domain.</summary>
    public bool? SameDomainOnly { get; init; }

    /// <summary>Gets a value indicating whether subdomains count as the same domain.</summary>
    public bool? IncludeSubdomains { get; init; }

    /// <summary>Gets the proxy used.</summary>
    public ProxySettings? Proxy { get; init; }

    /// <summary>Gets what the browser waits for before extraction.</summary>
    public WaitConfig? WaitConfig { get; init; }

    /// <summary>Gets the crawl depth, when the server reports it.</summary>
    public int? Depth { get; init; }

    /// <summary>Gets the page limit, when the server reports it.</summary>
    public int? Limit { get; init; }
}
