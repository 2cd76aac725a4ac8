using System.Globalization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string BatchPath = "v1/batch";

    /// <summary>The most URLs one batch may hold.</summary>
    internal const int MaxBatchUrls = 1000;

    private static readonly ResultJobKind<BatchJob, BatchItem, BatchCancellation> Batches = new()
    {
        Kind = JobKind.Batch,
        Prefix = BatchPath + "/",
        Route = "/v1/batch/{job_id}",
        JobType = ModelJson.BatchJob,
        CancellationType = ScraperJsonContext.Default.BatchCancellation,
        Results = static job => job.Results,
        Progress = JobProgress.Of,
        Key = static item => item.InputIndex.ToString(CultureInfo.InvariantCulture),
        Status = static item => item.Status,
        ConfirmedCancellation = static id => new BatchCancellation { JobId = id, Status = JobStatus.Cancelled, StatusUrl = "/v1/batch/" + id },
    };

    private JobStart<BatchRequest, BatchJobAccepted> BatchStart => field ??= new()
    {
        Kind = JobLedgerEntry.BatchKind,
        Path = BatchPath,
        Route = "/v1/batch",
        RequestType = ScraperJsonContext.Default.BatchRequest,
        AcceptedType = ScraperJsonContext.Default.BatchJobAccepted,
        Url = static r => r.Urls[0],
        UrlCount = static r => r.Urls.Count,
        FromListed = static j => new BatchJobAccepted
        {
            JobId = j.JobId,
            Status = j.Status,
            AcceptedUrls = j switch { BatchJobSummary s => s.AcceptedUrls, BatchJob b => b.TotalUrls, _ => 0 },
            StatusUrl = "/v1/batch/" + j.JobId,
        },
        List = ListForLedger(JobLedgerEntry.BatchKind),
        Read = async (id, ct) => await GetBatchAsync(id, 1, 1, ct).ConfigureAwait(false),
    };

    /// <inheritdoc/>
    public Task<BatchJobAccepted> StartBatchAsync(BatchRequest request, CancellationToken cancellationToken = default)
    {
        ValidateBatch(request);
        return StartJobAsync(BatchStart, request, request with { Headers = null }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<PagedResult<BatchJobSummary>> ListBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = JobListPath(BatchPath + "/jobs", query ?? new JobListQuery(), nameof(query));
        return (await GetAsync(path, "/v1/batch/jobs", ScraperJsonContext.Default.JobsEnvelopeBatchJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchJobSummary> ListAllBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new JobListQuery();
        JobListPath(BatchPath + "/jobs", q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListBatchJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "batch jobs", cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchItem> GetBatchItemsAsync(string jobId, CancellationToken cancellationToken = default) =>
        ReadResultsAsync(Batches, jobId, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchItem> WatchBatchItemsAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        WatchResultsAsync(Batches, jobId, polling, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchJob> GetBatchAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        GetResultJobAsync(Batches, jobId, page, pageSize, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchJob> WaitForBatchAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        WaitForResultJobAsync(Batches, jobId, polling, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchCancellation> CancelBatchAsync(string jobId, CancellationToken cancellationToken = default) =>
        CancelResultJobAsync(Batches, jobId, cancellationToken);

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
}
