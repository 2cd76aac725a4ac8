namespace Geonode.Scraper.Internal;

/// <summary>What the SDK knows of crawl jobs: how they are checked, started, listed, read and cancelled.</summary>
internal static class CrawlJobs
{
    public const string Path = "v1/crawl";

    /// <summary>The deepest crawl the API allows.</summary>
    public const int MaxDepth = 10;

    /// <summary>The most pages one crawl may extract.</summary>
    public const int MaxLimit = 10_000;

    public static ResultJobDescriptor<CrawlJob, CrawlPage, CrawlCancellation> Descriptor { get; } = new()
    {
        Kind = JobKind.Crawl,
        Prefix = Path + "/",
        Route = "/v1/crawl/{job_id}",
        JobType = ModelJson.CrawlJob,
        CancellationType = ScraperJsonContext.Default.CrawlCancellation,
        Results = static job => job.Results,
        Progress = static job => new JobProgress(job.CompletedPages + job.FailedPages + job.CancelledPages, job.TotalPages),
        Usage = static job => job.TokenSummary,
        Key = static page => page.Url,
        Status = static page => page.Status,
        ConfirmedCancellation = static id => new CrawlCancellation { JobId = id, Status = JobStatus.Cancelled, StatusUrl = "/v1/crawl/" + id },
    };

    public static JobStart<CrawlRequest, CrawlJobAccepted> Start(ApiConnection api, ResultJobs<CrawlJob, CrawlPage, CrawlCancellation> jobs) => new()
    {
        Kind = JobLedgerEntry.CrawlKind,
        Path = Path,
        Route = "/v1/crawl",
        RequestType = ScraperJsonContext.Default.CrawlRequest,
        AcceptedType = ScraperJsonContext.Default.CrawlJobAccepted,
        Url = static r => r.Url,
        FromListed = static j => new CrawlJobAccepted
        {
            JobId = j.JobId,
            Status = j.Status,
            Url = j switch { CrawlJobSummary s => s.Url, CrawlJob c => c.Url, _ => null },
            StatusUrl = "/v1/crawl/" + j.JobId,
        },
        List = async (page, ct) =>
        {
            var r = await api.SendAsync(new ApiCall(HttpMethod.Get, ListPaths.JobList(Path + "/jobs", new JobListQuery { Page = page, PageSize = 100 }, "query"), "/v1/crawl/jobs"), ScraperJsonContext.Default.JobsEnvelopeCrawlJobSummary, ct).ConfigureAwait(false);
            return (r.Value.Jobs.Select(j => new ListedJob(j, j.CreatedAt, j.Url, null)).ToList(), r.Date, r.Value.PageCount);
        },
        Read = async (id, ct) => await jobs.GetAsync(id, 1, 1, ct).ConfigureAwait(false),
    };

    /// <summary>Checks a crawl before any request: an absolute seed URL, depth 1 to 10, limit 1 to 10,000.</summary>
    public static void Validate(CrawlRequest request, string apiKey, string paramName)
    {
        Guard.NotNull(request, paramName);
        RequestChecks.RequireUrl(request.Url, "request.Url", paramName);
        if (request.Depth is < 1 or > MaxDepth)
        {
            throw new ArgumentException($"request.Depth must be between 1 (the seed page only) and {MaxDepth}; got {request.Depth}.", paramName);
        }

        if (request.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"request.Limit must be between 1 and {MaxLimit}; got {request.Limit}.", paramName);
        }

        RequestChecks.CheckTargetOptions(null, request.WaitConfig, apiKey, paramName);
    }
}
