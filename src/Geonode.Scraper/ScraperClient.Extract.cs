using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string ExtractPath = "v1/extract";

    /// <inheritdoc/>
    public async Task<ExtractResult> ExtractAsync(ExtractRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ValidateExtract(request);
        if (request.ProcessingMode == ProcessingMode.Async)
        {
            var effective = ResolvePolling(polling);
            var accepted = await PostExtractAsync(request, cancellationToken).ConfigureAwait(false);
            var job = await WaitForExtractJobCoreAsync(accepted.JobId, effective, null, delayFirstPoll: true, cancellationToken).ConfigureAwait(false);
            if (job.Data is null)
            {
                throw new ScraperResponseException(HttpStatusCode.OK, $"Job {job.JobId} completed but the API returned no data for it.");
            }

            return new ExtractResult { Data = job.Data, Metadata = job.Metadata, TokensCharged = job.TokensCharged, JobId = job.JobId };
        }

        var response = await _api.SendJsonAsync(
            HttpMethod.Post, ExtractPath, request, ScraperJsonContext.Default.ExtractRequest, ScraperJsonContext.Default.ExtractResult, RequestKind.SyncExtract, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public Task<ExtractJobAccepted> StartExtractAsync(ExtractRequest request, CancellationToken cancellationToken = default)
    {
        ValidateExtract(request);
        return PostExtractAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<PagedResult<ExtractJobSummary>> ListExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = ExtractJobListPath(query ?? new ExtractJobQuery(), nameof(query));
        return (await _api.GetAsync(path, ScraperJsonContext.Default.JobsEnvelopeExtractJobSummary, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ExtractJobSummary> ListAllExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new ExtractJobQuery();
        ExtractJobListPath(q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListExtractJobsAsync(q with { Page = page }, ct), q.Page, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExtractJob> GetExtractJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        _api.GetAsync(JobPath(ExtractPath + "/", jobId, nameof(jobId)), ScraperJsonContext.Default.ExtractJob, cancellationToken);

    /// <inheritdoc/>
    public Task<ExtractJob> WaitForExtractJobAsync(string jobId, PollingOptions? polling = null, IProgress<ExtractJob>? progress = null, CancellationToken cancellationToken = default) =>
        WaitForExtractJobCoreAsync(jobId, ResolvePolling(polling), progress, delayFirstPoll: false, cancellationToken);

    private Task<ExtractJob> WaitForExtractJobCoreAsync(string jobId, PollingOptions polling, IProgress<ExtractJob>? progress, bool delayFirstPoll, CancellationToken cancellationToken)
    {
        var path = JobPath(ExtractPath + "/", jobId, nameof(jobId));
        return _poller.WaitAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, path, null, ScraperJsonContext.Default.ExtractJob, RequestKind.Default, ct),
            static job => job.Error,
            polling,
            progress,
            cancelJob: null,
            delayFirstPoll,
            cancellationToken);
    }

    private async Task<ExtractJobAccepted> PostExtractAsync(ExtractRequest request, CancellationToken cancellationToken)
    {
        var response = await _api.SendJsonAsync(
            HttpMethod.Post, ExtractPath, request with { ProcessingMode = ProcessingMode.Async }, ScraperJsonContext.Default.ExtractRequest, ScraperJsonContext.Default.ExtractJobAccepted, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    private void ValidateExtract(ExtractRequest request)
    {
        Guard.NotNull(request);
        RequireUrl(request.Url, "request.Url", nameof(request));
        ValidateTargetOptions(request.Headers, request.WaitConfig, nameof(request));
    }

    private static string ExtractJobListPath(ExtractJobQuery query, string paramName)
    {
        CheckListPage(query.Page, query.PageSize, paramName);
        return ExtractPath + "/jobs" + new QueryString()
            .Add("job_id", query.JobId)
            .Add("url", query.Url)
            .Add("status", query.Status?.ToString())
            .Add("output", query.Output?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }
}
