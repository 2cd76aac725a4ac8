using System.Runtime.CompilerServices;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Reads the result items of a batch or crawl across result pages, either once (a snapshot) or while the job runs.
/// Each item is yielded once (by key); an empty page, a reached total or a page with nothing new ends a pass, so a server
/// that lies about counts or repeats a page cannot make it loop forever.
/// </summary>
internal sealed class ResultReader<TJob, TItem>
    where TJob : class, IScraperJob
{
    internal const int PageSize = 50;

    private readonly Func<int, int, CancellationToken, Task<ApiResponse<TJob>>> _getPage;
    private readonly Func<TJob, IReadOnlyList<TItem>> _results;
    private readonly Func<TJob, int> _total;
    private readonly Func<TItem, string> _key;
    private readonly Func<TItem, JobStatus> _status;

    public ResultReader(
        Func<int, int, CancellationToken, Task<ApiResponse<TJob>>> getPage,
        Func<TJob, IReadOnlyList<TItem>> results,
        Func<TJob, int> total,
        Func<TItem, string> key,
        Func<TItem, JobStatus> status)
    {
        _getPage = getPage;
        _results = results;
        _total = total;
        _key = key;
        _status = status;
    }

    /// <summary>Every result as the job stands now.</summary>
    public IAsyncEnumerable<TItem> ReadAllAsync(CancellationToken cancellationToken) =>
        new Pass(this, new HashSet<string>(StringComparer.Ordinal), settledOnly: false).ReadAsync(1, cancellationToken);

    /// <summary>
    /// Yields each result once it has settled (completed, failed or cancelled) while the job runs; after the job reaches a
    /// terminal status, drains the rest and ends (throwing the job's failure or cancellation after yielding everything).
    /// Status polls (page size 1) stay separate from result fetches (page size 50).
    /// </summary>
    public async IAsyncEnumerable<TItem> WatchAsync(
        string jobId, Func<CancellationToken, Task<ApiResponse<TJob>>> pollStatus, PollingOptions polling, IProgress<TJob>? progress, TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = timeProvider.GetTimestamp();
        var firstOpenPage = 1;
        var attempt = 0;
        var errors = 0;
        while (true)
        {
            TJob status;
            try
            {
                status = (await pollStatus(cancellationToken).ConfigureAwait(false)).Value;
                errors = 0;
                progress?.Report(status);
            }
            catch (ScraperNotFoundException) when (timeProvider.GetElapsedTime(started) < polling.NotFoundGracePeriod)
            {
                // A job that was just started may not be visible to reads yet.
                await timeProvider.DelayAsync(polling.InitialDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception ex) when (JobPoller.IsTransient(ex) && !cancellationToken.IsCancellationRequested && ++errors < polling.MaxConsecutiveErrors)
            {
                await timeProvider.DelayAsync(polling.NextDelay(attempt++), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var terminal = status.Status.IsTerminal;
            var pass = new Pass(this, seen, settledOnly: !terminal);
            var before = seen.Count;
            await foreach (var item in pass.ReadAsync(firstOpenPage, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }

            firstOpenPage = pass.FirstOpenPage;
            if (terminal)
            {
                if (status.Status == JobStatus.Failed)
                {
                    throw new JobFailedException(jobId, status, null);
                }

                if (status.Status == JobStatus.Cancelled)
                {
                    throw new JobCancelledException(jobId, status);
                }

                yield break;
            }

            // While results keep arriving, poll at the initial pace; back off while nothing changes.
            attempt = seen.Count > before ? 0 : attempt + 1;
            var delay = polling.NextDelay(attempt);
            if (polling.Timeout != Timeout.InfiniteTimeSpan && timeProvider.GetElapsedTime(started) + delay > polling.Timeout)
            {
                throw new JobTimeoutException(jobId, status, timeProvider.GetElapsedTime(started), cancelRequested: false);
            }

            await timeProvider.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One sweep over the result pages from a starting page.</summary>
    private sealed class Pass(ResultReader<TJob, TItem> owner, HashSet<string> seen, bool settledOnly)
    {
        public int FirstOpenPage { get; private set; } = 1;

        public async IAsyncEnumerable<TItem> ReadAsync(int startPage, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            FirstOpenPage = startPage;
            var allSettledSoFar = true;
            var maxPages = int.MaxValue;
            string? previousPage = null;
            for (var page = startPage; page <= maxPages; page++)
            {
                var job = (await owner._getPage(page, PageSize, cancellationToken).ConfigureAwait(false)).Value;
                var items = owner._results(job);

                // One page past the reported total: a full last page may mean the job found more meanwhile.
                // The total bounds the walk, so a server that lies about it cannot make it endless.
                maxPages = Math.Max(page, (int)Math.Ceiling(owner._total(job) / (double)PageSize) + 1);
                if (items.Count == 0)
                {
                    yield break;
                }

                // A server that ignores `page` answers the same page again: that is the end of what it will give.
                var pageId = $"{items.Count}|{owner._key(items[0])}|{owner._key(items[items.Count - 1])}";
                if (pageId == previousPage)
                {
                    yield break;
                }

                previousPage = pageId;
                foreach (var item in items)
                {
                    var settled = owner._status(item).IsTerminal;
                    allSettledSoFar &= settled;
                    if ((!settledOnly || settled) && seen.Add(owner._key(item)))
                    {
                        yield return item;
                    }
                }

                if (allSettledSoFar && items.Count >= PageSize)
                {
                    FirstOpenPage = page + 1;
                }

                if (items.Count < PageSize)
                {
                    // A short page is the end of what exists now.
                    yield break;
                }
            }
        }
    }
}
