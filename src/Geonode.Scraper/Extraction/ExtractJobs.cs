namespace Geonode.Scraper.Internal;

/// <summary>The endpoints of extraction jobs over the connection: read one, the status poll a wait makes, and how they are
/// checked, started and listed. Extraction jobs have no counters and no cancel endpoint.</summary>
internal sealed class ExtractJobs
{
    public const string Path = "v1/extract";

    public const string JobRoute = "/v1/extract/{job_id}";

    private readonly ApiConnection _api;

    public ExtractJobs(ApiConnection api)
    {
        _api = api;
        Start = new JobStart<ExtractRequest, ExtractJobAccepted>
        {
            Kind = JobLedgerEntry.ExtractKind,
            Path = Path,
            Route = "/v1/extract",
            RequestType = ScraperJsonContext.Default.ExtractRequest,
            AcceptedType = ScraperJsonContext.Default.ExtractJobAccepted,
            Url = static r => r.Url,
            FromListed = static j => new ExtractJobAccepted { JobId = j.JobId, Status = j.Status, StatusUrl = "/v1/extract/" + j.JobId },
            List = async (page, ct) =>
            {
                var r = await api.SendAsync(new ApiCall(HttpMethod.Get, ListPath(new ExtractJobQuery { Page = page, PageSize = 100 }, "query"), "/v1/extract/jobs"), ScraperJsonContext.Default.JobsEnvelopeExtractJobSummary, ct).ConfigureAwait(false);
                return (r.Value.Jobs.Select(j => new ListedJob(j, j.CreatedAt, j.Url, null)).ToList(), r.Date, r.Value.PageCount);
            },
            Read = async (id, ct) => await GetAsync(id, ct).ConfigureAwait(false),
        };
    }

    public JobStart<ExtractRequest, ExtractJobAccepted> Start { get; }

    public async Task<ExtractJob> GetAsync(string jobId, CancellationToken cancellationToken) =>
        (await _api.SendAsync(Call(jobId, retry: true), ScraperJsonContext.Default.ExtractJob, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The request of a wait for the job (status polls not retried at the connection: the wait retries them).</summary>
    public PollRequest<ExtractJob> PollRequest(string jobId, PollingSettings polling, IProgress<ExtractJob>? progress, bool justStarted, TimeSpan? timeLimit)
    {
        var call = Call(jobId, retry: false);
        return new PollRequest<ExtractJob>
        {
            JobId = jobId,
            Kind = JobKind.Extract,
            Poll = ct => _api.SendAsync(call, ScraperJsonContext.Default.ExtractJob, ct),
            Polling = polling,
            ErrorOf = job => RedactKey(job.Error),
            DurationOf = static job => job.CompletedAt is { } ended && job.CreatedAt != default ? ended - job.CreatedAt : null,
            Progress = progress,
            JustStarted = justStarted,
            TimeLimit = timeLimit,
        };
    }

    /// <summary>Checks an extraction before any request.</summary>
    public static void Validate(ExtractRequest request, string apiKey, string paramName)
    {
        Guard.NotNull(request, paramName);
        RequestChecks.RequireUrl(request.Url, "request.Url", paramName);
        RequestChecks.CheckTargetOptions(request.Headers, request.WaitConfig, apiKey, paramName);
    }

    public static string ListPath(ExtractJobQuery query, string paramName)
    {
        RequestChecks.CheckListPage(query.Page, query.PageSize, paramName);
        return Path + "/jobs" + new QueryString()
            .Add("job_id", query.JobId)
            .Add("url", query.Url)
            .Add("status", query.Status?.ToString())
            .Add("output", query.Output?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }

    private static ApiCall Call(string jobId, bool retry) =>
        new(HttpMethod.Get, JobPaths.Of(Path + "/", jobId, nameof(jobId)), JobRoute) { Retry = retry, ResourceId = jobId };

    /// <summary>The job's error as <see cref="JobFailedException"/> reports it: without the API key, should the server
    /// echo it (as error bodies are redacted).</summary>
    private JobError? RedactKey(JobError? error)
    {
        var key = _api.Options.ApiKey;
        return error is null ? null : error with
        {
            Code = ErrorMapper.Redact(error.Code, key),
            Message = ErrorMapper.Redact(error.Message, key),
            Details = error.Details?.ToDictionary(d => d.Key, d => ErrorMapper.Redact(d.Value, key)!),
        };
    }
}
