namespace Geonode.Scraper;

/// <summary>A web search (<c>POST /v1/search</c>).</summary>
public sealed record SearchRequest
{
    /// <summary>Gets the query, 1 to 1,000 characters.</summary>
    public required string Query { get; init; }

    /// <summary>Gets the locale, for example <c>en</c>, <c>en-US</c> or <c>all</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>Gets the 1-based result page, 1 to 20.</summary>
    /// <value>The default is <see langword="null"/>: page 1.</value>
    public int? Page { get; init; }

    /// <summary>Gets the safe-search level.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="SearchSafety.Off"/>.</value>
    public SearchSafety? Safe { get; init; }

    /// <summary>Gets the time range to search, as the API names it.</summary>
    /// <remarks>Inferred: the field exists but its values are not documented; the string is sent as given.</remarks>
    public string? TimeRange { get; init; }
}
