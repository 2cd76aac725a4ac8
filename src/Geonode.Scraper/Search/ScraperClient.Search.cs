using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string SearchPath = "v1/search";

    /// <summary>The longest search query the API accepts.</summary>
    internal const int MaxQueryLength = 1000;

    /// <summary>The last search result page the API serves.</summary>
    internal const int MaxSearchPage = 20;

    /// <inheritdoc/>
    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        if (string.IsNullOrWhiteSpace(request.Query) || request.Query.Length > MaxQueryLength)
        {
            throw new ArgumentException($"request.Query must hold 1 to {MaxQueryLength} characters; it holds {request.Query?.Trim().Length ?? 0}.", nameof(request));
        }

        if (request.Page is < 1 or > MaxSearchPage)
        {
            throw new ArgumentException($"request.Page must be between 1 and {MaxSearchPage}; got {request.Page}.", nameof(request));
        }

        return await SendJsonAsync(HttpMethod.Post, SearchPath, "/v1/search", request, ScraperJsonContext.Default.SearchRequest, ScraperJsonContext.Default.SearchResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<SearchJob> GetSearchJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(SearchPath + "/", jobId, nameof(jobId)), "/v1/search/{job_id}", ScraperJsonContext.Default.SearchJob, jobId, cancellationToken);

    /// <inheritdoc/>
    public async Task<PagedResult<SearchJob>> ListSearchJobsAsync(SearchJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = SearchJobListPath(query ?? new SearchJobQuery(), nameof(query));
        return (await GetAsync(path, "/v1/search/jobs", ScraperJsonContext.Default.JobsEnvelopeSearchJob, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<SearchJob> ListAllSearchJobsAsync(SearchJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new SearchJobQuery();
        SearchJobListPath(q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListSearchJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "search jobs", cancellationToken);
    }

    /// <summary>Builds <c>v1/search/jobs?query=..&amp;job_status=..&amp;page=..</c>.</summary>
    /// <remarks>Inferred: <c>job_status</c> is the MCP <c>search_jobs</c> tool's name for the filter; the REST name is not documented.</remarks>
    private static string SearchJobListPath(SearchJobQuery query, string paramName)
    {
        RequestChecks.CheckListPage(query.Page, query.PageSize, paramName);
        return SearchPath + "/jobs" + new QueryString()
            .Add("query", query.Query)
            .Add("job_status", query.Status?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }
}
