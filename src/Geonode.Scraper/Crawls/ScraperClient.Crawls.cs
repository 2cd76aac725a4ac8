using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <inheritdoc/>
    public async Task<CrawlJobAccepted> StartCrawlAsync(CrawlRequest request, CancellationToken cancellationToken = default) =>
        (await StartCrawlOperationAsync(request, null, cancellationToken).ConfigureAwait(false)).Accepted!;

    /// <inheritdoc/>
    public async Task<PagedResult<CrawlJobSummary>> ListCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = ListPaths.JobList(CrawlJobs.Path + "/jobs", query ?? new JobListQuery(), nameof(query));
        return (await GetAsync(path, "/v1/crawl/jobs", ScraperJsonContext.Default.JobsEnvelopeCrawlJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlJobSummary> ListAllCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new JobListQuery();
        ListPaths.JobList(CrawlJobs.Path + "/jobs", q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListCrawlJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "crawl jobs", cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlPage> GetCrawlPagesAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetCrawlOperation(jobId).GetPagesAsync(cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlPage> WatchCrawlPagesAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        GetCrawlOperation(jobId).WatchPagesAsync(Wait(polling), progress, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlJob> GetCrawlAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        _runtime.Crawls.GetAsync(jobId, page, pageSize, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlJob> WaitForCrawlAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        GetCrawlOperation(jobId).WaitForCompletionAsync(Wait(polling), progress, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlCancellation> CancelCrawlAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetCrawlOperation(jobId).CancelAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<CrawlOperation> StartCrawlOperationAsync(CrawlRequest request, JobStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        CrawlJobs.Validate(request, _options.ApiKey, nameof(request));
        var accepted = await _runtime.Starter.StartAsync(_runtime.CrawlStart, request, request, options, null, cancellationToken).ConfigureAwait(false);
        return new CrawlOperation(new CrawlOperationCore(_runtime, accepted.JobId, accepted));
    }

    /// <inheritdoc/>
    public CrawlOperation GetCrawlOperation(string jobId)
    {
        Guard.JobId(jobId);
        return new CrawlOperation(new CrawlOperationCore(_runtime, jobId, null));
    }
}
