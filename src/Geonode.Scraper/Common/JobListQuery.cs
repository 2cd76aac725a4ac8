namespace Geonode.Scraper;

/// <summary>Filters and paging for the batch and crawl job lists (<c>GET /v1/batch/jobs</c>, <c>GET /v1/crawl/jobs</c>).</summary>
/// <remarks>Inferred: the API documents no filters for these two lists. The SDK sends <c>job_status</c>, <c>start_date</c>
/// and <c>end_date</c>, the names the API's MCP tools use for the map and search job lists; a server that does not know a
/// name ignores it and returns unfiltered jobs. The live contract tests report whether the filter is honoured.</remarks>
public sealed record JobListQuery
{
    /// <summary>Gets a status to match, sent as <c>job_status</c>.</summary>
    /// <remarks>Inferred: the parameter name is not documented for these lists (see the type's remarks).</remarks>
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
