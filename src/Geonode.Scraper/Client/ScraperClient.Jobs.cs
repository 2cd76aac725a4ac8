using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <summary>The largest result page the batch and crawl status endpoints serve.</summary>
    internal const int MaxResultPageSize = 50;

    /// <summary>
    /// What batch and crawl jobs have in common, described once: the status endpoint with its result pages, the cancel
    /// endpoint, the counters and the identity of a result item.
    /// </summary>
    private sealed class ResultJobKind<TJob, TItem, TCancellation>
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        public required JobKind Kind { get; init; }

        /// <summary>Gets the path prefix, for example <c>v1/batch/</c>.</summary>
        public required string Prefix { get; init; }

        /// <summary>Gets the route template of the job, for example <c>/v1/batch/{job_id}</c>.</summary>
        public required string Route { get; init; }

        public required JsonTypeInfo<TJob> JobType { get; init; }

        public required JsonTypeInfo<TCancellation> CancellationType { get; init; }

        public required Func<TJob, IReadOnlyList<TItem>> Results { get; init; }

        public required Func<TJob, JobProgress> Progress { get; init; }

        public required Func<TItem, string> Key { get; init; }

        public required Func<TItem, JobStatus> Status { get; init; }

        /// <summary>Gets the answer to a cancel whose own answer was lost, once a read has found the job cancelled.</summary>
        public required Func<string, TCancellation> ConfirmedCancellation { get; init; }
    }

    private static ApiCall ResultPageCall<TJob, TItem, TCancellation>(ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, int page, int pageSize, bool retry)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob =>
        new(HttpMethod.Get, ResultPagePath(kind.Prefix, jobId, page, pageSize), kind.Route) { Retry = retry, ResourceId = jobId };

    private JobWaitRequest<TJob> ResultJobWait<TJob, TItem, TCancellation>(
        ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, PollingSettings polling, IProgress<TJob>? progress)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        // Status polls ask for the smallest result page; results are read by the result readers only.
        var statusCall = ResultPageCall(kind, jobId, 1, 1, retry: false);
        return new JobWaitRequest<TJob>
        {
            JobId = jobId,
            Kind = kind.Kind,
            Poll = ct => _api.SendAsync(statusCall, kind.JobType, ct),
            Polling = polling,
            ProgressOf = job => kind.Progress(job),
            Progress = progress,
            CancelJob = ct => CancelResultJobAsync(kind, jobId, ct),
        };
    }

    private ResultReader<TJob, TItem> CreateResultReader<TJob, TItem, TCancellation>(ResultJobKind<TJob, TItem, TCancellation> kind, string jobId)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob => new(
        jobId,
        (page, retry, ct) => _api.SendAsync(ResultPageCall(kind, jobId, page, ResultReader<TJob, TItem>.PageSize, retry), kind.JobType, ct),
        kind.Results,
        kind.Progress,
        kind.Key,
        kind.Status);

    private IAsyncEnumerable<TItem> ReadResultsAsync<TJob, TItem, TCancellation>(ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        JobPath(kind.Prefix, jobId, nameof(jobId));
        return CreateResultReader(kind, jobId).ReadAllAsync(cancellationToken);
    }

    private IAsyncEnumerable<TItem> WatchResultsAsync<TJob, TItem, TCancellation>(
        ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, PollingOptions? polling, IProgress<TJob>? progress, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        JobPath(kind.Prefix, jobId, nameof(jobId));
        var wait = ResultJobWait(kind, jobId, ResolvePolling(polling), progress);
        var items = CreateResultReader(kind, jobId).WatchAsync(Poller, wait, cancellationToken);
        return _runtime.Ledger is null ? items : RecordingFinish(jobId, items, cancellationToken);
    }

    private Task<TJob> WaitForResultJobAsync<TJob, TItem, TCancellation>(
        ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, PollingOptions? polling, IProgress<TJob>? progress, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        JobPath(kind.Prefix, jobId, nameof(jobId));
        return RecordingFinishAsync(jobId, Poller.WaitAsync(ResultJobWait(kind, jobId, ResolvePolling(polling), progress), cancellationToken));
    }

    private Task<TJob> GetResultJobAsync<TJob, TItem, TCancellation>(ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, int page, int pageSize, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        var call = ResultPageCall(kind, jobId, page, pageSize, retry: true);
        return SendAndReadAsync(call, kind.JobType, cancellationToken);
    }

    /// <summary>
    /// Cancels, idempotent by meaning: when an earlier attempt's answer was lost and the retry hears "can no longer be
    /// cancelled" (409), that earlier attempt may have done it, so the job is read and reported cancelled if it is.
    /// </summary>
    private async Task<TCancellation> CancelResultJobAsync<TJob, TItem, TCancellation>(ResultJobKind<TJob, TItem, TCancellation> kind, string jobId, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
        where TCancellation : class, IScraperJob
    {
        var call = new ApiCall(HttpMethod.Delete, JobPath(kind.Prefix, jobId, nameof(jobId)), kind.Route) { Kind = RequestKind.Cancel, ResourceId = jobId };
        try
        {
            return await SendAndReadAsync(call, kind.CancellationType, cancellationToken).ConfigureAwait(false);
        }
        catch (ScraperConflictException ex) when (ex.AfterPossiblyDeliveredAttempt)
        {
            var job = await GetResultJobAsync(kind, jobId, 1, 1, cancellationToken).ConfigureAwait(false);
            if (job.Status == JobStatus.Cancelled)
            {
                return kind.ConfirmedCancellation(jobId);
            }

            throw;
        }
    }

    private async Task<T> SendAndReadAsync<T>(ApiCall call, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        (await _api.SendAsync(call, responseType, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Builds <c>{prefix}{jobId}?page=..&amp;page_size=..</c> for the batch and crawl status endpoints.</summary>
    private static string ResultPagePath(string prefix, string jobId, int page, int pageSize, string pageParam = "page", string pageSizeParam = "pageSize")
    {
        var path = JobPath(prefix, jobId, nameof(jobId));
        if (page < 1)
        {
            throw new ArgumentOutOfRangeException(pageParam, page, "The page number starts at 1.");
        }

        if (pageSize is < 1 or > MaxResultPageSize)
        {
            throw new ArgumentOutOfRangeException(pageSizeParam, pageSize, $"The page size must be between 1 and {MaxResultPageSize}.");
        }

        // One string: this runs for every status poll and result page.
        return string.Concat(path, "?page=", page.ToString(CultureInfo.InvariantCulture), "&page_size=", pageSize.ToString(CultureInfo.InvariantCulture));
    }
}
