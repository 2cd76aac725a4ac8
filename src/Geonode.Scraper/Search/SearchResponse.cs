namespace Geonode.Scraper;

/// <summary>The results of a web search (<c>POST /v1/search</c>).</summary>
public sealed record SearchResponse
{
    /// <summary>Gets the id of the search job.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets the query.</summary>
    public string? Query { get; init; }

    /// <summary>Gets the result page.</summary>
    public int Page { get; init; }

    /// <summary>Gets how many attempts the search took.</summary>
    public int? Attempts { get; init; }

    /// <summary>Gets the results.</summary>
    public IReadOnlyList<SearchHit> Results { get; init => field = value ?? []; } = [];

    /// <summary>Gets related query suggestions.</summary>
    /// <remarks>Inferred: the type of <c>suggestions</c> (a list of strings) is not documented.</remarks>
    public IReadOnlyList<string>? Suggestions { get; init; }

    /// <summary>Gets the corrected spelling of the query, if the engine offered one.</summary>
    /// <remarks>Inferred: the type of <c>spelling_correction</c> (a string or null) is not documented.</remarks>
    public string? SpellingCorrection { get; init; }
}
