using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <inheritdoc/>
    public async Task<ExtractResult> ExtractAsync(ExtractRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ExtractJobs.Validate(request, _options.ApiKey, nameof(request));
        if (request.ProcessingMode == ProcessingMode.Async)
        {
            var settings = Wait(polling);
            var operation = await StartExtractOperationAsync(request, null, cancellationToken).ConfigureAwait(false);
            return await operation.GetResultAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        return await SendJsonAsync(
            HttpMethod.Post, ExtractJobs.Path, "/v1/extract", request, ScraperJsonContext.Default.ExtractRequest, ScraperJsonContext.Default.ExtractResult, cancellationToken, RequestKind.SyncExtract).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ExtractJobAccepted> StartExtractAsync(ExtractRequest request, CancellationToken cancellationToken = default) =>
        (await StartExtractOperationAsync(request, null, cancellationToken).ConfigureAwait(false)).Accepted!;

    /// <inheritdoc/>
    public async Task<PagedResult<ExtractJobSummary>> ListExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = ExtractJobs.ListPath(query ?? new ExtractJobQuery(), nameof(query));
        return (await GetAsync(path, "/v1/extract/jobs", ScraperJsonContext.Default.JobsEnvelopeExtractJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ExtractJobSummary> ListAllExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new ExtractJobQuery();
        ExtractJobs.ListPath(q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListExtractJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "extraction jobs", cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExtractJob> GetExtractJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Guard.JobId(jobId);
        return _runtime.Extracts.GetAsync(jobId, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExtractJob> WaitForExtractJobAsync(string jobId, PollingOptions? polling = null, IProgress<ExtractJob>? progress = null, CancellationToken cancellationToken = default) =>
        GetExtractOperation(jobId).WaitForCompletionAsync(Wait(polling), progress, cancellationToken);

    /// <inheritdoc/>
    public async Task<ExtractOperation> StartExtractOperationAsync(ExtractRequest request, JobStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        ExtractJobs.Validate(request, _options.ApiKey, nameof(request));
        var async = request with { ProcessingMode = ProcessingMode.Async };
        var accepted = await _runtime.Starter.StartAsync(_runtime.Extracts.Start, async, async with { Headers = null }, options, null, cancellationToken).ConfigureAwait(false);
        return new ExtractOperation(new ExtractOperationCore(_runtime, accepted.JobId, justStarted: true), accepted);
    }

    /// <inheritdoc/>
    public ExtractOperation GetExtractOperation(string jobId)
    {
        Guard.JobId(jobId);
        return new ExtractOperation(new ExtractOperationCore(_runtime, jobId, justStarted: false), null);
    }
}
