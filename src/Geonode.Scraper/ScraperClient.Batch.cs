using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string BatchPath = "v1/batch";

    /// <summary>The most URLs one batch may hold.</summary>
    internal const int MaxBatchUrls = 1000;

    /// <summary>The largest result page the batch and crawl status endpoints serve.</summary>
    internal const int MaxResultPageSize = 50;

    /// <inheritdoc/>
    public async Task<BatchJobAccepted> StartBatchAsync(BatchRequest request, CancellationToken cancellationToken = default)
    {
        ValidateBatch(request);
        var response = await _api.SendJsonAsync(
            HttpMethod.Post, BatchPath, request, ScraperJsonContext.Default.BatchRequest, ScraperJsonContext.Default.BatchJobAccepted, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public async Task<PagedResult<BatchJobSummary>> ListBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = JobListPath(BatchPath + "/jobs", query ?? new JobListQuery(), nameof(query));
        return (await _api.GetAsync(path, ScraperJsonContext.Default.JobsEnvelopeBatchJobSummary, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchJobSummary> ListAllBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new JobListQuery();
        JobListPath(BatchPath + "/jobs", q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListBatchJobsAsync(q with { Page = page }, ct), q.Page, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchItem> GetBatchItemsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobPath(BatchPath + "/", jobId, nameof(jobId));
        return BatchItems(jobId).ReadAllAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchItem> WatchBatchItemsAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default)
    {
        var statusPath = ResultPagePath(BatchPath + "/", jobId, 1, 1);
        return BatchItems(jobId).WatchAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, statusPath, null, ScraperJsonContext.Default.BatchJob, RequestKind.Default, ct),
            ResolvePolling(polling),
            progress,
            _api.TimeProvider,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<BatchJob> GetBatchAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        _api.GetAsync(ResultPagePath(BatchPath + "/", jobId, page, pageSize), ScraperJsonContext.Default.BatchJob, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchJob> WaitForBatchAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default)
    {
        var statusPath = ResultPagePath(BatchPath + "/", jobId, 1, 1);
        return _poller.WaitAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, statusPath, null, ScraperJsonContext.Default.BatchJob, RequestKind.Default, ct),
            static _ => null,
            ResolvePolling(polling),
            progress,
            ct => CancelBatchAsync(jobId, ct),
            delayFirstPoll: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<BatchCancellation> CancelBatchAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var response = await _api.SendAsync(
            HttpMethod.Delete, JobPath(BatchPath + "/", jobId, nameof(jobId)), null, ScraperJsonContext.Default.BatchCancellation, RequestKind.Cancel, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    private ResultReader<BatchJob, BatchItem> BatchItems(string jobId) => new(
        (page, size, ct) => _api.SendAsync(HttpMethod.Get, ResultPagePath(BatchPath + "/", jobId, page, size), null, ScraperJsonContext.Default.BatchJob, RequestKind.Default, ct),
        static job => job.Results,
        static job => job.TotalUrls,
        static item => item.InputIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
        static item => item.Status);

    private void ValidateBatch(BatchRequest request)
    {
        Guard.NotNull(request);
        if (request.Urls is null || request.Urls.Count is 0 or > MaxBatchUrls)
        {
            throw new ArgumentException($"request.Urls must hold 1 to {MaxBatchUrls} URLs; it holds {request.Urls?.Count ?? 0}.", nameof(request));
        }

        for (var i = 0; i < request.Urls.Count; i++)
        {
            var url = request.Urls[i];
            if (url is null || (!request.IgnoreInvalidUrls && !Guard.IsAbsoluteHttpUrl(url)))
            {
                throw new ArgumentException(
                    $"request.Urls[{i}] ('{url}') is not an absolute http or https URL. Fix it, or set IgnoreInvalidUrls to let the server skip it.",
                    nameof(request));
            }
        }

        ValidateTargetOptions(request.Headers, request.WaitConfig, nameof(request));
    }

    /// <summary>Builds <c>{path}?job_status=..&amp;page=..</c> for the batch and crawl job lists.</summary>
    /// <remarks>Inferred: the API documents no filters for these lists; <c>job_status</c> is what its MCP tools call the status
    /// filter of the map and search job lists, and batch and crawl are assumed to follow them. Exactly one name is sent.</remarks>
    private static string JobListPath(string path, JobListQuery query, string paramName)
    {
        CheckListPage(query.Page, query.PageSize, paramName);
        return path + new QueryString()
            .Add("job_status", query.Status?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }

    /// <summary>Builds <c>{prefix}{jobId}?page=..&amp;page_size=..</c> for the batch and crawl status endpoints.</summary>
    private static string ResultPagePath(string prefix, string jobId, int page, int pageSize, string pageParam = "page", string pageSizeParam = "pageSize")
    {
        var path = JobPath(prefix, jobId, nameof(jobId));
        if (page < 1)
        {
            throw new ArgumentOutOfRangeException(pageParam, page, "The page number starts at 1.");
        }

        if (pageSize is < 1 or > MaxResultPageSize)
        {
            throw new ArgumentOutOfRangeException(pageSizeParam, pageSize, $"The page size must be between 1 and {MaxResultPageSize}.");
        }

        return path + new QueryString().Add("page", page).Add("page_size", pageSize);
    }
}
