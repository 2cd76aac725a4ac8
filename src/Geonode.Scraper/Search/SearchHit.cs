namespace Geonode.Scraper;

/// <summary>One web search result.</summary>
public sealed record SearchHit
{
    /// <summary>Gets the 1-based position on the result page.</summary>
    public int Position { get; init; }

    /// <summary>Gets the title.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the snippet text.</summary>
    public string? Snippet { get; init; }

    /// <summary>Gets a thumbnail URL.</summary>
    public string? Thumbnail { get; init; }

    /// <summary>Gets the URL as the search engine displays it.</summary>
    public string? DisplayedUrl { get; init; }

    /// <summary>Gets the result's host.</summary>
    public string? SourceHost { get; init; }
}
