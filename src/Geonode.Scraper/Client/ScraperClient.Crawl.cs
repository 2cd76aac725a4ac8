using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string CrawlPath = "v1/crawl";

    /// <summary>The deepest crawl the API allows.</summary>
    internal const int MaxCrawlDepth = 10;

    /// <summary>The most pages one crawl may extract.</summary>
    internal const int MaxCrawlLimit = 10_000;

    private static readonly ResultJobKind<CrawlJob, CrawlPage, CrawlCancellation> Crawls = new()
    {
        Kind = JobKind.Crawl,
        Prefix = CrawlPath + "/",
        Route = "/v1/crawl/{job_id}",
        JobType = ModelJson.CrawlJob,
        CancellationType = ScraperJsonContext.Default.CrawlCancellation,
        Results = static job => job.Results,
        Progress = JobProgress.Of,
        Key = static page => page.Url,
        Status = static page => page.Status,
        ConfirmedCancellation = static id => new CrawlCancellation { JobId = id, Status = JobStatus.Cancelled, StatusUrl = "/v1/crawl/" + id },
    };

    private JobStart<CrawlRequest, CrawlJobAccepted> CrawlStart => field ??= new()
    {
        Kind = JobLedgerEntry.CrawlKind,
        Path = CrawlPath,
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
        List = ListForLedger(JobLedgerEntry.CrawlKind),
        Read = async (id, ct) => await GetCrawlAsync(id, 1, 1, ct).ConfigureAwait(false),
    };

    /// <inheritdoc/>
    public Task<CrawlJobAccepted> StartCrawlAsync(CrawlRequest request, CancellationToken cancellationToken = default)
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
        return StartJobAsync(CrawlStart, request, request, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<PagedResult<CrawlJobSummary>> ListCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = JobListPath(CrawlPath + "/jobs", query ?? new JobListQuery(), nameof(query));
        return (await GetAsync(path, "/v1/crawl/jobs", ScraperJsonContext.Default.JobsEnvelopeCrawlJobSummary, null, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlJobSummary> ListAllCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new JobListQuery();
        JobListPath(CrawlPath + "/jobs", q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListCrawlJobsAsync(q with { Page = page }, ct), static j => j.JobId, q.Page, "crawl jobs", cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlPage> GetCrawlPagesAsync(string jobId, CancellationToken cancellationToken = default) =>
        ReadResultsAsync(Crawls, jobId, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<CrawlPage> WatchCrawlPagesAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        WatchResultsAsync(Crawls, jobId, polling, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlJob> GetCrawlAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        GetResultJobAsync(Crawls, jobId, page, pageSize, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlJob> WaitForCrawlAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        WaitForResultJobAsync(Crawls, jobId, polling, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlCancellation> CancelCrawlAsync(string jobId, CancellationToken cancellationToken = default) =>
        CancelResultJobAsync(Crawls, jobId, cancellationToken);
}
