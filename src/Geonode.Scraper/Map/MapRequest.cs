namespace Geonode.Scraper;

/// <summary>A request to discover a site's URLs from its sitemaps and the seed page's links (<c>POST /v1/map</c>).</summary>
public sealed record MapRequest
{
    /// <summary>Gets the absolute http or https base URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets a case-insensitive substring the discovered URLs must contain (a filter, not a search engine).</summary>
    public string? Search { get; init; }

    /// <summary>Gets a value indicating whether to probe common sibling subdomains (docs, blog, help, support).</summary>
    /// <value>The default is <see langword="null"/>: the API probes them.</value>
    public bool? IncludeSubdomains { get; init; }

    /// <summary>Gets a value indicating whether to strip query strings when normalizing URLs.</summary>
    /// <value>The default is <see langword="null"/>: the API strips them.</value>
    public bool? IgnoreQueryParameters { get; init; }
}
