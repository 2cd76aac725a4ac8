namespace Geonode.Scraper;

/// <summary>Filters and paging for <c>GET /v1/extract/jobs</c>. Every filter is optional.</summary>
public sealed record ExtractJobQuery
{
    /// <summary>Gets a job id to match.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets a URL to match.</summary>
    public string? Url { get; init; }

    /// <summary>Gets a status to match, sent as <c>status</c> (the documented name for this list).</summary>
    public JobStatus? Status { get; init; }

    /// <summary>Gets an output format to match.</summary>
    public OutputFormat? Output { get; init; }

    /// <summary>Gets the earliest creation time to include (inclusive).</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Gets the latest creation time to include (inclusive).</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Gets the 1-based page number.</summary>
    /// <value>The default is 1.</value>
    public int Page { get; init; } = 1;

    /// <summary>Gets the page size, 1 to 100.</summary>
    /// <value>The default is 100.</value>
    public int PageSize { get; init; } = 100;
}
