namespace Geonode.Scraper;

/// <summary>A request to crawl a site breadth-first from a seed URL (<c>POST /v1/crawl</c>).</summary>
public sealed record CrawlRequest
{
    /// <summary>Gets the absolute http or https seed URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets how deep to follow links, 1 to 10; 1 is the seed page only. Plans may cap it lower.</summary>
    /// <remarks>Inferred: "1 = the seed page only" follows the crawl guide and its example (seed at depth 1); one schema
    /// example uses 0, taken to be a placeholder.</remarks>
    /// <value>The default is <see langword="null"/>: the API's default depth (2).</value>
    public int? Depth { get; init; }

    /// <summary>Gets the most pages to extract, 1 to 10,000.</summary>
    /// <value>The default is <see langword="null"/>: not sent; the API's default limit is not documented.</value>
    public int? Limit { get; init; }

    /// <summary>Gets a value indicating whether to stay on the seed URL's domain.</summary>
    /// <value>The default is <see langword="null"/>: not sent. Inferred: the API's default is probably <see langword="true"/>
    /// (the schema's example value); set it to be sure.</value>
    public bool? SameDomainOnly { get; init; }

    /// <summary>Gets a value indicating whether subdomains of the seed's domain count as the same domain.</summary>
    public bool? IncludeSubdomains { get; init; }

    /// <summary>Gets the formats to return for each page.</summary>
    public IReadOnlyList<OutputFormat>? Formats { get; init; }

    /// <summary>Gets a value indicating whether to render pages in a headless browser.</summary>
    public bool? RenderJs { get; init; }

    /// <summary>Gets the proxy to fetch pages through.</summary>
    public ProxySettings? Proxy { get; init; }

    /// <summary>Gets what the browser waits for before extraction.</summary>
    public WaitConfig? WaitConfig { get; init; }
}
