namespace Geonode.Scraper;

/// <summary>One page of a list endpoint. Pages are 1-based.</summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed record PagedResult<T>
{
    /// <summary>Gets the items on this page.</summary>
    public IReadOnlyList<T> Items { get; init => field = value ?? []; } = [];

    /// <summary>Gets the 1-based page number.</summary>
    public int Page { get; init; }

    /// <summary>Gets the page size the server used.</summary>
    public int PageSize { get; init; }

    /// <summary>Gets the total number of pages.</summary>
    /// <remarks>Inferred: <c>page_count</c> is read as the total number of pages (the sentence defining it is cut off in the
    /// docs). The <c>ListAll...Async</c> walkers stop at it, and also at an empty page or a page the server repeats, so a
    /// different meaning cannot make them loop.</remarks>
    public int PageCount { get; init; }

    /// <summary>Gets a value indicating whether a later page exists.</summary>
    public bool HasMore => Page < PageCount;
}
