namespace Geonode.Scraper;

/// <summary>One URL the map endpoint discovered.</summary>
public sealed record MapLink
{
    /// <summary>Gets the URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets where the URL was found.</summary>
    public MapLinkSource? Source { get; init; }
}
