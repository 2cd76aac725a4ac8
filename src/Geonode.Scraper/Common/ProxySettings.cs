namespace Geonode.Scraper;

/// <summary>The proxy the API fetches target pages through (<c>proxy</c>).</summary>
public sealed record ProxySettings
{
    /// <summary>Gets the ISO 3166-1 alpha-2 country code of the exit IP, for example <c>US</c>.</summary>
    /// <value>The default is <see langword="null"/>: the API picks the location.</value>
    public string? Country { get; init; }

    /// <summary>Gets the kind of proxy.</summary>
    /// <value>The default is <see langword="null"/>: the API uses <see cref="ProxyType.Residential"/>.</value>
    public ProxyType? Type { get; init; }
}
