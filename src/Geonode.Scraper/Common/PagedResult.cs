namespace Geonode.Scraper;

/// <summary>One page of a list endpoint. Pages are 1-based.</summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed record PagedResult<T>
{
    /// <summary>Gets the items on this page.</summary>
    public IReadOnlyList<T> Items { get; init; } = [];

    /// <summary>Gets the 1-based page number.</summary>
    public int Page { get; init; }

    /// <summary>Gets the page size the server used.</summary>
    public int PageSize { get; init; }

    /// <summary>Gets the total number of pages.</summary>
    public int PageCount { get; init; }

    /// <summary>Gets a value indicating whether a later page exists.</summary>
    public bool HasMore => Page < PageCount;
}
