namespace Geonode.Scraper;

/// <summary>Filters and paging for <c>GET /v1/search/jobs</c>.</summary>
/// <remarks>Inferred: the REST names of these filters (<c>query</c>, <c>job_status</c>, <c>start_date</c>, <c>end_date</c>) are
/// taken from the API's MCP <c>search_jobs</c> tool, not from a REST reference.</remarks>
public sealed record SearchJobQuery
{
    /// <summary>Gets part of a query to match.</summary>
    public string? Query { get; init; }

    /// <summary>Gets a status to match, sent as <c>job_status</c>.</summary>
    /// <remarks>Inferred: <c>job_status</c> is the name the API's MCP <c>search_jobs</c> tool uses; the REST parameter name is not
    /// documented (it may be <c>status</c>). Exactly one name is sent; the live contract tests report whether it is honoured.
    /// Which statuses search jobs take is not settled either (the MCP tools say <c>pending</c>/<c>running</c>, the schema
    /// example <c>queued</c>): any string is kept.</remarks>
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
