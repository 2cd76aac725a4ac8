using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string ExtractPath = "v1/extract";
    private const string ExtractJobRoute = "/v1/extract/{job_id}";

    /// <inheritdoc/>
    public async Task<ExtractResult> ExtractAsync(ExtractRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ValidateExtract(request);
        if (request.ProcessingMode == ProcessingMode.Async)
        {
            var settings = ResolvePolling(polling);
            var accepted = await PostExtractAsync(request, cancellationToken).ConfigureAwait(false);
            var job = await RecordingFinishAsync(accepted.JobId, Poller.WaitAsync(ExtractWait(accepted.JobId, settings, null, justStarted: true), cancellationToken)).ConfigureAwait(false);
            if (job.Data is null)
            {
                throw new ScraperResponseException(HttpStatusCode.OK, $"Job {job.JobId} completed but the API returned no data for it.");
            }

            return new ExtractResult { Data = job.Data, Metadata = job.Metadata, TokensCharged = job.TokensCharged, JobId = job.JobId };
        }

        return await SendJsonAsync(
            HttpMethod.Post, ExtractPath, "/v1/extract", request, ScraperJsonContext.Default.ExtractRequest, ScraperJsonContext.Default.ExtractResult, cancellationToken, RequestKind.SyncExtract).ConfigureAwait(false);
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
        return (await GetAsync(path, "/v1/extract/jobs", ScraperJsonContext.Default.JobsEnvelopeExtractJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ExtractJobSummary> ListAllExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new ExtractJobQuery();
        ExtractJobListPath(q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListExtractJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "extraction jobs", cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExtractJob> GetExtractJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(ExtractPath + "/", jobId, nameof(jobId)), ExtractJobRoute, ScraperJsonContext.Default.ExtractJob, jobId, cancellationToken);

    /// <inheritdoc/>
    public Task<ExtractJob> WaitForExtractJobAsync(string jobId, PollingOptions? polling = null, IProgress<ExtractJob>? progress = null, CancellationToken cancellationToken = default)
    {
        JobPath(ExtractPath + "/", jobId, nameof(jobId));
        return RecordingFinishAsync(jobId, Poller.WaitAsync(ExtractWait(jobId, ResolvePolling(polling), progress, justStarted: false), cancellationToken));
    }

    private JobWaitRequest<ExtractJob> ExtractWait(string jobId, PollingSettings polling, IProgress<ExtractJob>? progress, bool justStarted)
    {
        var call = new ApiCall(HttpMethod.Get, JobPath(ExtractPath + "/", jobId, nameof(jobId)), ExtractJobRoute) { Retry = false, ResourceId = jobId };
        return new JobWaitRequest<ExtractJob>
        {
            JobId = jobId,
            Kind = JobKind.Extract,
            Poll = ct => _api.SendAsync(call, ScraperJsonContext.Default.ExtractJob, ct),
            Polling = polling,
            ErrorOf = job => RedactKey(job.Error),
            Progress = progress,
            JustStarted = justStarted,
        };
    }

    /// <summary>The job's error as <see cref="JobFailedException"/> reports it: without the API key, should the server
    /// echo it (as error bodies are redacted).</summary>
    private JobError? RedactKey(JobError? error)
    {
        var key = _runtime.Options.ApiKey;
        return error is null ? null : error with
        {
            Code = ErrorMapper.Redact(error.Code, key),
            Message = ErrorMapper.Redact(error.Message, key),
            Details = error.Details?.ToDictionary(d => d.Key, d => ErrorMapper.Redact(d.Value, key)!),
        };
    }

    private JobStart<ExtractRequest, ExtractJobAccepted> ExtractStart => field ??= new()
    {
        Kind = JobLedgerEntry.ExtractKind,
        Path = ExtractPath,
        Route = "/v1/extract",
        RequestType = ScraperJsonContext.Default.ExtractRequest,
        AcceptedType = ScraperJsonContext.Default.ExtractJobAccepted,
        Url = static r => r.Url,
        FromListed = static j => new ExtractJobAccepted { JobId = j.JobId, Status = j.Status, StatusUrl = "/v1/extract/" + j.JobId },
        List = ListForLedger(JobLedgerEntry.ExtractKind),
        Read = async (id, ct) => await GetExtractJobAsync(id, ct).ConfigureAwait(false),
    };

    private Task<ExtractJobAccepted> PostExtractAsync(ExtractRequest request, CancellationToken cancellationToken)
    {
        var async = request with { ProcessingMode = ProcessingMode.Async };
        return StartJobAsync(ExtractStart, async, async with { Headers = null }, cancellationToken);
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
