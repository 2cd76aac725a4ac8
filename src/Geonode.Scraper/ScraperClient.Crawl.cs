using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string CrawlPath = "v1/crawl";

    /// <summary>The deepest crawl the API allows.</summary>
    internal const int MaxCrawlDepth = 10;

    /// <summary>The most pages one crawl may extract.</summary>
    internal const int MaxCrawlLimit = 10_000;

    /// <inheritdoc/>
    public async Task<CrawlJobAccepted> StartCrawlAsync(CrawlRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        RequireUrl(request.Url, "request.Url", nameof(request));
        if (request.Depth is < 1 or > MaxCrawlDepth)
        {
            throw new ArgumentException($"request.Depth must be between 1 (the seed page only) and {MaxCrawlDepth}; got {request.Depth}.", nameof(request));
        }

        if (request.Limit is < 1 or > MaxCrawlLimit)
        {
            throw new ArgumentException($"request.Limit must be between 1 and {MaxCrawlLimit}; got {request.Limit}.", nameof(request));
        }

        ValidateTargetOptions(null, request.WaitConfig, nameof(request));

        var response = await _api.SendJsonAsync(
            HttpMethod.Post, CrawlPath, request, ScraperJsonContext.Default.CrawlRequest, ScraperJsonContext.Default.CrawlJobAccepted, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public async Task<PagedResult<CrawlJobSummary>> ListCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = JobListPath(CrawlPath + "/jobs", query ?? new JobListQuery(), nameof(query));
        return (await _api.GetAsync(path, ScraperJsonContext.Default.JobsEnvelopeCrawlJobSummary, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlJobSummary> ListAllCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new JobListQuery();
        JobListPath(CrawlPath + "/jobs", q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListCrawlJobsAsync(q with { Page = page }, ct), q.Page, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlPage> GetCrawlPagesAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobPath(CrawlPath + "/", jobId, nameof(jobId));
        return CrawlPages(jobId).ReadAllAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlPage> WatchCrawlPagesAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default)
    {
        var statusPath = ResultPagePath(CrawlPath + "/", jobId, 1, 1);
        return CrawlPages(jobId).WatchAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, statusPath, null, ScraperJsonContext.Default.CrawlJob, RequestKind.Default, ct),
            ResolvePolling(polling),
            progress,
            _api.TimeProvider,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<CrawlJob> GetCrawlAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        _api.GetAsync(ResultPagePath(CrawlPath + "/", jobId, page, pageSize), ScraperJsonContext.Default.CrawlJob, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlJob> WaitForCrawlAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default)
    {
        var statusPath = ResultPagePath(CrawlPath + "/", jobId, 1, 1);
        return _poller.WaitAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, statusPath, null, ScraperJsonContext.Default.CrawlJob, RequestKind.Default, ct),
            static _ => null,
            ResolvePolling(polling),
            progress,
            ct => CancelCrawlAsync(jobId, ct),
            delayFirstPoll: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<CrawlCancellation> CancelCrawlAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var response = await _api.SendAsync(
            HttpMethod.Delete, JobPath(CrawlPath + "/", jobId, nameof(jobId)), null, ScraperJsonContext.Default.CrawlCancellation, RequestKind.Cancel, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    private ResultReader<CrawlJob, CrawlPage> CrawlPages(string jobId) => new(
        (page, size, ct) => _api.SendAsync(HttpMethod.Get, ResultPagePath(CrawlPath + "/", jobId, page, size), null, ScraperJsonContext.Default.CrawlJob, RequestKind.Default, ct),
        static job => job.Results,
        static job => job.TotalPages,
        static page => page.Url,
        static page => page.Status);
}
