namespace Geonode.Scraper;

/// <summary>Filters and paging for <c>GET /v1/map/jobs</c>.</summary>
public sealed record MapJobQuery
{
    /// <summary>Gets part of a base URL to match.</summary>
    public string? Url { get; init; }

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
