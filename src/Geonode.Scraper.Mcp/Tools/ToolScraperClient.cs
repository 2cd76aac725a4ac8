using Geonode.Scraper.Mcp.Common;
using Geonode.Scraper.Mcp.Jobs;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// The client the SDK's agent tools call (<c>ScraperAIFunctions</c>): the real client, plus what the tools cannot do
/// themselves. Their waits for a crawl or batch end at the call's bound measured from the start of the call, and report
/// MCP progress for the call in which they run (<see cref="CallProgress"/>); and starting a crawl or batch first looks in the job ledger for the same one started by an
/// earlier run of the server within the repeat window and still running: the tools' memory of repeated calls lives in the
/// process, the ledger survives a restart. Everything else is passed through.
/// </summary>
internal sealed class ToolScraperClient(IScraperClient inner, JobActions actions, TimeSpan waitBudget, TimeSpan repeatWindow, ILogger<ToolScraperClient> logger) : IScraperClient
{
    private readonly IScraperClient _inner = inner;

    public async Task<CrawlJobAccepted> StartCrawlAsync(CrawlRequest request, CancellationToken cancellationToken)
    {
        if (await FindRunningAsync(() => actions.FindRunningCrawlAsync(request, repeatWindow, cancellationToken)).ConfigureAwait(false) is { } running)
        {
            return new CrawlJobAccepted { JobId = running.JobId, Status = running.Status, Url = request.Url };
        }

        return await _inner.StartCrawlAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BatchJobAccepted> StartBatchAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        if (await FindRunningAsync(() => actions.FindRunningBatchAsync(request, repeatWindow, cancellationToken)).ConfigureAwait(false) is { } running)
        {
            return new BatchJobAccepted { JobId = running.JobId, Status = running.Status };
        }

        return await _inner.StartBatchAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits at most what is left of the call's wait budget, measured from the start of the call (the tools' own
    /// limit starts after the job's start and would let the call run past its bound); at the bound it returns the job still
    /// running, which the tool describes with its progress and job id.</summary>
    public Task<CrawlJob> WaitForCrawlAsync(string jobId, PollingOptions? polling, IProgress<CrawlJob>? progress, CancellationToken cancellationToken) =>
        WaitForCrawlWithinAsync(jobId, polling, progress, null, cancellationToken);

    /// <summary>Waits like <see cref="WaitForCrawlAsync"/>.</summary>
    public Task<BatchJob> WaitForBatchAsync(string jobId, PollingOptions? polling, IProgress<BatchJob>? progress, CancellationToken cancellationToken) =>
        WaitForBatchWithinAsync(jobId, polling, progress, null, cancellationToken);

    /// <summary>The crawl's operation, whose waits (the agent tools wait through it) are bounded by the call like
    /// <see cref="WaitForCrawlAsync"/>; everything else is the real operation's.</summary>
    public CrawlOperation GetCrawlOperation(string jobId) => new BoundedCrawlOperation(_inner.GetCrawlOperation(jobId), this);

    /// <summary>The batch's operation, bounded like <see cref="GetCrawlOperation"/>.</summary>
    public BatchOperation GetBatchOperation(string jobId) => new BoundedBatchOperation(_inner.GetBatchOperation(jobId), this);

    public ExtractOperation GetExtractOperation(string jobId) => _inner.GetExtractOperation(jobId);

    public Task<BatchOperation> StartBatchOperationAsync(BatchRequest request, JobStartOptions? options, CancellationToken cancellationToken) =>
        _inner.StartBatchOperationAsync(request, options, cancellationToken);

    public Task<CrawlOperation> StartCrawlOperationAsync(CrawlRequest request, JobStartOptions? options, CancellationToken cancellationToken) =>
        _inner.StartCrawlOperationAsync(request, options, cancellationToken);

    public Task<ExtractOperation> StartExtractOperationAsync(ExtractRequest request, JobStartOptions? options, CancellationToken cancellationToken) =>
        _inner.StartExtractOperationAsync(request, options, cancellationToken);

    public ScrapeManyRun ScrapeManyAsync(IEnumerable<string> urls, ScrapeManyOptions? options, CancellationToken cancellationToken) =>
        _inner.ScrapeManyAsync(urls, options, cancellationToken);

    public Task<JobOperation> ResumeOperationAsync(JobLedgerEntry entry, CancellationToken cancellationToken) =>
        _inner.ResumeOperationAsync(entry, cancellationToken);

    internal Task<CrawlJob> WaitForCrawlWithinAsync(string jobId, PollingOptions? polling, IProgress<CrawlJob>? progress, TimeSpan? limit, CancellationToken cancellationToken) =>
        actions.WaitForCrawlWithinAsync(jobId, polling, Reporting(JobKind.Crawl, jobId, progress, JobView.From), Bound(limit), cancellationToken);

    internal Task<BatchJob> WaitForBatchWithinAsync(string jobId, PollingOptions? polling, IProgress<BatchJob>? progress, TimeSpan? limit, CancellationToken cancellationToken) =>
        actions.WaitForBatchWithinAsync(jobId, polling, Reporting(JobKind.Batch, jobId, progress, JobView.From), Bound(limit), cancellationToken);

    /// <summary>What is left of the call's wait budget, or the caller's own limit when that is shorter.</summary>
    private TimeSpan Bound(TimeSpan? limit)
    {
        var remaining = CallProgress.Remaining(waitBudget);
        return limit is { } own && own < remaining ? own : remaining;
    }

    /// <summary>The wait's own progress (if any), plus the call's MCP progress, starting with a note that the wait began.</summary>
    private static IProgress<T>? Reporting<T>(JobKind kind, string jobId, IProgress<T>? progress, Func<T, JobView> view)
    {
        if (CallProgress.Current is not { } call)
        {
            return progress;
        }

        call.Report(0, null, $"Waiting for {(kind == JobKind.Crawl ? "crawl" : "batch")} job {jobId}");
        return new Relay<T>(snapshot =>
        {
            progress?.Report(snapshot);
            call.Report(view(snapshot));
        });
    }

    private async Task<JobView?> FindRunningAsync(Func<Task<JobView?>> find)
    {
        try
        {
            return await find().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // An unreadable ledger only loses the memory of earlier runs; the start itself records into it (and says so).
            Log.LedgerUnreadable(logger, ex.GetType().Name);
            return null;
        }
    }

    public Task<ExtractResult> ExtractAsync(ExtractRequest request, PollingOptions? polling, CancellationToken cancellationToken) =>
        _inner.ExtractAsync(request, polling, cancellationToken);

    public Task<ExtractJobAccepted> StartExtractAsync(ExtractRequest request, CancellationToken cancellationToken) =>
        _inner.StartExtractAsync(request, cancellationToken);

    public Task<ExtractJob> GetExtractJobAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.GetExtractJobAsync(jobId, cancellationToken);

    public Task<ExtractJob> WaitForExtractJobAsync(string jobId, PollingOptions? polling, IProgress<ExtractJob>? progress, CancellationToken cancellationToken) =>
        _inner.WaitForExtractJobAsync(jobId, polling, progress, cancellationToken);

    public Task<BatchJob> GetBatchAsync(string jobId, int page, int pageSize, CancellationToken cancellationToken) =>
        _inner.GetBatchAsync(jobId, page, pageSize, cancellationToken);

    public Task<BatchCancellation> CancelBatchAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.CancelBatchAsync(jobId, cancellationToken);

    public Task<CrawlJob> GetCrawlAsync(string jobId, int page, int pageSize, CancellationToken cancellationToken) =>
        _inner.GetCrawlAsync(jobId, page, pageSize, cancellationToken);

    public Task<CrawlCancellation> CancelCrawlAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.CancelCrawlAsync(jobId, cancellationToken);

    public Task<PagedResult<ExtractJobSummary>> ListExtractJobsAsync(ExtractJobQuery? query, CancellationToken cancellationToken) =>
        _inner.ListExtractJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<ExtractJobSummary> ListAllExtractJobsAsync(ExtractJobQuery? query, CancellationToken cancellationToken) =>
        _inner.ListAllExtractJobsAsync(query, cancellationToken);

    public Task<PagedResult<BatchJobSummary>> ListBatchJobsAsync(JobListQuery? query, CancellationToken cancellationToken) =>
        _inner.ListBatchJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<BatchJobSummary> ListAllBatchJobsAsync(JobListQuery? query, CancellationToken cancellationToken) =>
        _inner.ListAllBatchJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<BatchItem> GetBatchItemsAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.GetBatchItemsAsync(jobId, cancellationToken);

    public IAsyncEnumerable<BatchItem> WatchBatchItemsAsync(string jobId, PollingOptions? polling, IProgress<BatchJob>? progress, CancellationToken cancellationToken) =>
        _inner.WatchBatchItemsAsync(jobId, polling, progress, cancellationToken);

    public Task<PagedResult<CrawlJobSummary>> ListCrawlJobsAsync(JobListQuery? query, CancellationToken cancellationToken) =>
        _inner.ListCrawlJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<CrawlJobSummary> ListAllCrawlJobsAsync(JobListQuery? query, CancellationToken cancellationToken) =>
        _inner.ListAllCrawlJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<CrawlPage> GetCrawlPagesAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.GetCrawlPagesAsync(jobId, cancellationToken);

    public IAsyncEnumerable<CrawlPage> WatchCrawlPagesAsync(string jobId, PollingOptions? polling, IProgress<CrawlJob>? progress, CancellationToken cancellationToken) =>
        _inner.WatchCrawlPagesAsync(jobId, polling, progress, cancellationToken);

    public Task<MapResult> MapAsync(MapRequest request, CancellationToken cancellationToken) =>
        _inner.MapAsync(request, cancellationToken);

    public Task<MapJob> GetMapJobAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.GetMapJobAsync(jobId, cancellationToken);

    public Task<PagedResult<MapJobSummary>> ListMapJobsAsync(MapJobQuery? query, CancellationToken cancellationToken) =>
        _inner.ListMapJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<MapJobSummary> ListAllMapJobsAsync(MapJobQuery? query, CancellationToken cancellationToken) =>
        _inner.ListAllMapJobsAsync(query, cancellationToken);

    public Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        _inner.SearchAsync(request, cancellationToken);

    public Task<SearchJob> GetSearchJobAsync(string jobId, CancellationToken cancellationToken) =>
        _inner.GetSearchJobAsync(jobId, cancellationToken);

    public Task<PagedResult<SearchJob>> ListSearchJobsAsync(SearchJobQuery? query, CancellationToken cancellationToken) =>
        _inner.ListSearchJobsAsync(query, cancellationToken);

    public IAsyncEnumerable<SearchJob> ListAllSearchJobsAsync(SearchJobQuery? query, CancellationToken cancellationToken) =>
        _inner.ListAllSearchJobsAsync(query, cancellationToken);

    public Task<UsageInfo> GetUsageAsync(CancellationToken cancellationToken) =>
        _inner.GetUsageAsync(cancellationToken);

    public Task<Statistics> GetStatisticsAsync(DateTimeOffset? startDate, DateTimeOffset? endDate, CancellationToken cancellationToken) =>
        _inner.GetStatisticsAsync(startDate, endDate, cancellationToken);

    public Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        _inner.CheckHealthAsync(cancellationToken);

    public Task<Webhook> CreateWebhookAsync(WebhookCreateRequest request, CancellationToken cancellationToken) =>
        _inner.CreateWebhookAsync(request, cancellationToken);

    public Task<PagedResult<Webhook>> ListWebhooksAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        _inner.ListWebhooksAsync(page, pageSize, cancellationToken);

    public IAsyncEnumerable<Webhook> ListAllWebhooksAsync(CancellationToken cancellationToken) =>
        _inner.ListAllWebhooksAsync(cancellationToken);

    public Task<Webhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken) =>
        _inner.GetWebhookAsync(webhookId, cancellationToken);

    public Task<Webhook> UpdateWebhookAsync(string webhookId, WebhookUpdateRequest request, CancellationToken cancellationToken) =>
        _inner.UpdateWebhookAsync(webhookId, request, cancellationToken);

    public Task<bool> DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken) =>
        _inner.DeleteWebhookAsync(webhookId, cancellationToken);

    public Task<WebhookSecret> RotateWebhookSecretAsync(string webhookId, CancellationToken cancellationToken) =>
        _inner.RotateWebhookSecretAsync(webhookId, cancellationToken);

    public Task<PagedResult<WebhookDelivery>> ListWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query, CancellationToken cancellationToken) =>
        _inner.ListWebhookDeliveriesAsync(webhookId, query, cancellationToken);

    public IAsyncEnumerable<WebhookDelivery> ListAllWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query, CancellationToken cancellationToken) =>
        _inner.ListAllWebhookDeliveriesAsync(webhookId, query, cancellationToken);
}
