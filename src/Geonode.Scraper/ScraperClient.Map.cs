using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string MapPath = "v1/map";

    /// <inheritdoc/>
    public async Task<MapResult> MapAsync(MapRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        RequireUrl(request.Url, "request.Url", nameof(request));
        var response = await _api.SendJsonAsync(
            HttpMethod.Post, MapPath, request, ScraperJsonContext.Default.MapRequest, ScraperJsonContext.Default.MapResult, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public Task<MapJob> GetMapJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        _api.GetAsync(JobPath(MapPath + "/", jobId, nameof(jobId)), ScraperJsonContext.Default.MapJob, cancellationToken);

    /// <inheritdoc/>
    public async Task<PagedResult<MapJobSummary>> ListMapJobsAsync(MapJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = MapJobListPath(query ?? new MapJobQuery(), nameof(query));
        return (await _api.GetAsync(path, ScraperJsonContext.Default.JobsEnvelopeMapJobSummary, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<MapJobSummary> ListAllMapJobsAsync(MapJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new MapJobQuery();
        MapJobListPath(q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListMapJobsAsync(q with { Page = page }, ct), q.Page, cancellationToken);
    }

    /// <summary>Builds <c>v1/map/jobs?url=..&amp;job_status=..&amp;page=..</c>.</summary>
    /// <remarks>Inferred: <c>job_status</c> is the MCP <c>map_jobs</c> tool's name for the filter; the REST name is not documented.</remarks>
    private static string MapJobListPath(MapJobQuery query, string paramName)
    {
        CheckListPage(query.Page, query.PageSize, paramName);
        return MapPath + "/jobs" + new QueryString()
            .Add("url", query.Url)
            .Add("job_status", query.Status?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }
}
