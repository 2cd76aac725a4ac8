namespace Geonode.Scraper;

/// <summary>Filters and paging for the batch and crawl job lists. The API does not document these filters; the SDK
/// sends <c>status</c>, <c>start_date</c> and <c>end_date</c> as the extraction job list names them.</summary>
public sealed record JobListQuery
{
    /// <summary>Gets a status to match.</summary>
    public JobStatus? Status { get; init; }

    /// <summary>Gets the earliest creation time to include.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Gets the latest creation time to include.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Gets the 1-based page number.</summary>
    /// <value>The default is 1.</value>
    public int Page { get; init; } = 1;

    /// <summary>Gets the page size, 1 to 100.</summary>
    /// <value>The default is 10.</value>
    public int PageSize { get; init; } = 10;
}
