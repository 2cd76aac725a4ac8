using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <inheritdoc/>
    public async Task<BatchJobAccepted> StartBatchAsync(BatchRequest request, CancellationToken cancellationToken = default) =>
        (await StartBatchOperationAsync(request, null, cancellationToken).ConfigureAwait(false)).Accepted!;

    /// <inheritdoc/>
    public async Task<PagedResult<BatchJobSummary>> ListBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = ListPaths.JobList(BatchJobs.Path + "/jobs", query ?? new JobListQuery(), nameof(query));
        return (await GetAsync(path, "/v1/batch/jobs", ScraperJsonContext.Default.JobsEnvelopeBatchJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchJobSummary> ListAllBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new JobListQuery();
        ListPaths.JobList(BatchJobs.Path + "/jobs", q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListBatchJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "batch jobs", cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchItem> GetBatchItemsAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetBatchOperation(jobId).GetItemsAsync(cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<BatchItem> WatchBatchItemsAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        GetBatchOperation(jobId).WatchItemsAsync(Wait(polling), progress, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchJob> GetBatchAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        _runtime.Batches.GetAsync(jobId, page, pageSize, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchJob> WaitForBatchAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        GetBatchOperation(jobId).WaitForCompletionAsync(Wait(polling), progress, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchCancellation> CancelBatchAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetBatchOperation(jobId).CancelAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<BatchOperation> StartBatchOperationAsync(BatchRequest request, JobStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        BatchJobs.Validate(request, _options.ApiKey, nameof(request));
        var accepted = await _runtime.Starter.StartAsync(_runtime.BatchStart, request, request with { Headers = null }, options, null, cancellationToken).ConfigureAwait(false);
        return new BatchOperation(new BatchOperationCore(_runtime, accepted.JobId, accepted));
    }

    /// <inheritdoc/>
    public BatchOperation GetBatchOperation(string jobId)
    {
        Guard.JobId(jobId);
        return new BatchOperation(new BatchOperationCore(_runtime, jobId, null));
    }

    /// <summary>The wait options of a flat method's polling, checked under the flat method's parameter name.</summary>
    private static JobWaitOptions? Wait(PollingOptions? polling, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(polling))] string? paramName = null)
    {
        if (polling is null)
        {
            return null;
        }

        PollingValidation.Validated(polling, paramName!);
        return new JobWaitOptions { Polling = polling };
    }
}
