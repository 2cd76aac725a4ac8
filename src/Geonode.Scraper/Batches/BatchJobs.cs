using System.Globalization;

namespace Geonode.Scraper.Internal;

/// <summary>What the SDK knows of batch jobs: how they are checked, started, listed, read and cancelled.</summary>
internal static class BatchJobs
{
    public const string Path = "v1/batch";

    /// <summary>The most URLs one batch may hold.</summary>
    public const int MaxUrls = 1000;

    public static ResultJobDescriptor<BatchJob, BatchItem, BatchCancellation> Descriptor { get; } = new()
    {
        Kind = JobKind.Batch,
        Prefix = Path + "/",
        Route = "/v1/batch/{job_id}",
        JobType = ModelJson.BatchJob,
        CancellationType = ScraperJsonContext.Default.BatchCancellation,
        Results = static job => job.Results,
        Progress = static job => new JobProgress(job.CompletedUrls + job.FailedUrls + job.CancelledUrls, job.TotalUrls),
        Usage = static job => job.TokenSummary,
        Key = static item => item.InputIndex.ToString(CultureInfo.InvariantCulture),
        Status = static item => item.Status,
        ConfirmedCancellation = static id => new BatchCancellation { JobId = id, Status = JobStatus.Cancelled, StatusUrl = "/v1/batch/" + id },
    };

    public static JobStart<BatchRequest, BatchJobAccepted> Start(ApiConnection api, ResultJobs<BatchJob, BatchItem, BatchCancellation> jobs) => new()
    {
        Kind = JobLedgerEntry.BatchKind,
        Path = Path,
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
            InvalidUrls = j is BatchJob { InvalidUrls: var invalid } ? invalid : [],
            StatusUrl = "/v1/batch/" + j.JobId,
        },
        List = async (page, ct) =>
        {
            var r = await api.SendAsync(new ApiCall(HttpMethod.Get, ListPaths.JobList(Path + "/jobs", new JobListQuery { Page = page, PageSize = 100 }, "query"), "/v1/batch/jobs"), ScraperJsonContext.Default.JobsEnvelopeBatchJobSummary, ct).ConfigureAwait(false);
            return (r.Value.Jobs.Select(j => new ListedJob(j, j.CreatedAt, null, j.AcceptedUrls)).ToList(), r.Date, r.Value.PageCount);
        },
        Read = async (id, ct) => await jobs.GetAsync(id, 1, 1, ct).ConfigureAwait(false),
    };

    /// <summary>Checks a batch before any request: 1 to 1,000 URLs, each absolute http(s) unless the server may skip invalid
    /// ones, and nothing for target sites that carries the API key.</summary>
    public static void Validate(BatchRequest request, string apiKey, string paramName)
    {
        Guard.NotNull(request, paramName);
        if (request.Urls is null || request.Urls.Count is 0 or > MaxUrls)
        {
            throw new ArgumentException($"request.Urls must hold 1 to {MaxUrls} URLs; it holds {request.Urls?.Count ?? 0}.", paramName);
        }

        for (var i = 0; i < request.Urls.Count; i++)
        {
            var url = request.Urls[i];
            if (url is null || (!request.IgnoreInvalidUrls && !Guard.IsAbsoluteHttpUrl(url)))
            {
                throw new ArgumentException(
                    $"request.Urls[{i}] ('{url}') is not an absolute http or https URL. Fix it, or set IgnoreInvalidUrls to let the server skip it.",
                    paramName);
            }
        }

        RequestChecks.CheckTargetOptions(request.Headers, request.WaitConfig, apiKey, paramName);
    }
}
