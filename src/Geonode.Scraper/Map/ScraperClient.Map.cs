using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string MapPath = "v1/map";

    /// <inheritdoc/>
    public async Task<MapResult> MapAsync(MapRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        RequestChecks.RequireUrl(request.Url, "request.Url", nameof(request));
        return await SendJsonAsync(HttpMethod.Post, MapPath, "/v1/map", request, ScraperJsonContext.Default.MapRequest, ScraperJsonContext.Default.MapResult, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<MapJob> GetMapJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(MapPath + "/", jobId, nameof(jobId)), "/v1/map/{job_id}", ScraperJsonContext.Default.MapJob, jobId, cancellationToken);

    /// <inheritdoc/>
    public async Task<PagedResult<MapJobSummary>> ListMapJobsAsync(MapJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = MapJobListPath(query ?? new MapJobQuery(), nameof(query));
        return (await GetAsync(path, "/v1/map/jobs", ScraperJsonContext.Default.JobsEnvelopeMapJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<MapJobSummary> ListAllMapJobsAsync(MapJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new MapJobQuery();
        MapJobListPath(q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListMapJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "map jobs", cancellationToken);
    }

    /// <summary>Builds <c>v1/map/jobs?url=..&amp;job_status=..&amp;page=..</c>.</summary>
    /// <remarks>Inferred: <c>job_status</c> is the MCP <c>map_jobs</c> tool's name for the filter; the REST name is not documented.</remarks>
    private static string MapJobListPath(MapJobQuery query, string paramName)
    {
        RequestChecks.CheckListPage(query.Page, query.PageSize, paramName);
        return MapPath + "/jobs" + new QueryString()
            .Add("url", query.Url)
            .Add("job_status", query.Status?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }
}
