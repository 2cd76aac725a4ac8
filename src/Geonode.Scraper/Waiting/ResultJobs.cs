using System.Globalization;

namespace Geonode.Scraper.Internal;

/// <summary>
/// The endpoints of one kind of job with result pages (batch, crawl) over the connection: a status page, the status poll a
/// wait makes, the result readers, and a cancel that is judged by the job's state.
/// </summary>
internal sealed class ResultJobs<TJob, TItem, TCancellation>
    where TJob : class, IScraperJob
    where TCancellation : class, IScraperJob
{
    /// <summary>The largest result page the batch and crawl status endpoints serve.</summary>
    public const int MaxPageSize = 50;

    private readonly ApiConnection _api;

    public ResultJobs(ApiConnection api, ResultJobDescriptor<TJob, TItem, TCancellation> descriptor)
    {
        _api = api;
        Descriptor = descriptor;
    }

    public ResultJobDescriptor<TJob, TItem, TCancellation> Descriptor { get; }

    /// <summary>Reads a status page with its results (retried at the connection: an ordinary call).</summary>
    public async Task<TJob> GetAsync(string jobId, int page, int pageSize, CancellationToken cancellationToken) =>
        (await _api.SendAsync(PageCall(jobId, page, pageSize, retry: true), Descriptor.JobType, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The request of a wait for the job. Its status polls ask for the smallest result page and are not retried at the
    /// connection (the wait retries them on its own schedule, so retries never multiply).</summary>
    public PollRequest<TJob> PollRequest(string jobId, PollingSettings polling, IProgress<TJob>? progress, bool justStarted, IReadOnlyList<WaitStopCondition<TJob>> stops, TimeSpan? timeLimit)
    {
        var statusCall = PageCall(jobId, 1, 1, retry: false);
        return new PollRequest<TJob>
        {
            JobId = jobId,
            Kind = Descriptor.Kind,
            Poll = ct => _api.SendAsync(statusCall, Descriptor.JobType, ct),
            Polling = polling,
            ProgressOf = job => Descriptor.Progress(job),
            Progress = progress,
            CancelJob = ct => CancelAsync(jobId, ct),
            JustStarted = justStarted,
            StopWhen = stops,
            TimeLimit = timeLimit,
        };
    }

    /// <summary>A reader of the job's results.</summary>
    public ResultReader<TJob, TItem> Reader(string jobId) => new(
        jobId,
        (page, retry, ct) => _api.SendAsync(PageCall(jobId, page, ResultReader<TJob, TItem>.PageSize, retry), Descriptor.JobType, ct),
        Descriptor.Results,
        Descriptor.Progress,
        Descriptor.Key,
        Descriptor.Status);

    /// <summary>
    /// Cancels, judged by the job's state rather than by the answer: "can no longer be cancelled" (409) may be heard by a
    /// request that an HTTP handler sent again after the first one's answer was lost (it does so by itself for a bodiless
    /// DELETE), or by a cancel that came just as the job was cancelled otherwise. So a 409 is always followed by one read,
    /// and a job that is cancelled is reported cancelled.
    /// </summary>
    public async Task<TCancellation> CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        var call = new ApiCall(HttpMethod.Delete, JobPaths.Of(Descriptor.Prefix, jobId, nameof(jobId)), Descriptor.Route) { Kind = RequestKind.Cancel, ResourceId = jobId };
        try
        {
            return (await _api.SendAsync(call, Descriptor.CancellationType, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (ScraperConflictException)
        {
            var job = await GetAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false);
            if (job.Status == JobStatus.Cancelled)
            {
                return Descriptor.ConfirmedCancellation(jobId);
            }

            throw;
        }
    }

    /// <summary>Builds <c>{prefix}{jobId}?page=..&amp;page_size=..</c>.</summary>
    public ApiCall PageCall(string jobId, int page, int pageSize, bool retry, string pageParam = "page", string pageSizeParam = "pageSize")
    {
        var path = JobPaths.Of(Descriptor.Prefix, jobId, nameof(jobId));
        if (page < 1)
        {
            throw new ArgumentOutOfRangeException(pageParam, page, "The page number starts at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(pageSizeParam, pageSize, $"The page size must be between 1 and {MaxPageSize}.");
        }

        // One string: this runs for every status poll and result page.
        return new ApiCall(HttpMethod.Get, string.Concat(path, "?page=", page.ToString(CultureInfo.InvariantCulture), "&page_size=", pageSize.ToString(CultureInfo.InvariantCulture)), Descriptor.Route)
        {
            Retry = retry,
            ResourceId = jobId,
        };
    }
}
