using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Reads the result items of a batch or crawl across result pages of 50: once as they stand (<see cref="ReadAllAsync"/>),
/// or while the job runs (<see cref="WatchAsync"/>). It only reads pages: when to poll and sleep is the wait's business.
/// Each item is yielded once (by key); a server that ignores paging is reported, never looped on.
/// </summary>
internal sealed class ResultReader<TJob, TItem>
    where TJob : class, IScraperJob
{
    internal const int PageSize = 50;

    private readonly string _jobId;
    private readonly Func<int, bool, CancellationToken, Task<ApiResponse<TJob>>> _getPage;
    private readonly Func<TJob, IReadOnlyList<TItem>> _results;
    private readonly Func<TJob, JobProgress> _progress;
    private readonly Func<TItem, string> _key;
    private readonly Func<TItem, JobStatus> _status;

    /// <param name="jobId">The job id.</param>
    /// <param name="getPage">Reads one result page of <see cref="PageSize"/>: (page, retry at the connection, token).</param>
    /// <param name="results">The items of a page.</param>
    /// <param name="progress">The job's counters.</param>
    /// <param name="key">An item's identity.</param>
    /// <param name="status">An item's status.</param>
    public ResultReader(
        string jobId,
        Func<int, bool, CancellationToken, Task<ApiResponse<TJob>>> getPage,
        Func<TJob, IReadOnlyList<TItem>> results,
        Func<TJob, JobProgress> progress,
        Func<TItem, string> key,
        Func<TItem, JobStatus> status)
    {
        _jobId = jobId;
        _getPage = getPage;
        _results = results;
        _progress = progress;
        _key = key;
        _status = status;
    }

    /// <summary>Every result as the job stands now, each once.</summary>
    public async IAsyncEnumerable<TItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<string>? previous = null;
        for (var page = 1; ; page++)
        {
            var job = (await _getPage(page, true, cancellationToken).ConfigureAwait(false)).Value;
            var items = _results(job);
            if (items.Count == 0)
            {
                yield break;
            }

            previous = CheckPaging(items, previous, page);
            foreach (var item in items)
            {
                if (seen.Add(_key(item)))
                {
                    yield return item;
                }
            }

            if (items.Count < PageSize || page >= LastPage(_progress(job).Total))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Yields each result once it has settled, while the job runs, reading a page again only when the counters say
    /// something new settled and skipping pages whose items have all settled; after the terminal snapshot, drains the rest,
    /// checks what it yielded against the counters (reading every page again once when they differ), then throws the job's
    /// failure or cancellation, if any.
    /// </summary>
    /// <remarks>Runs inside <see cref="JobPoller.WatchAsync{TJob, TItem}"/>, which owns the loop and what happens when the
    /// wait stops before the job ends.</remarks>
    public async IAsyncEnumerable<TItem> WatchAsync(PollLoop<TJob> wait, PollRequest<TJob> request, ILogger logger)
    {
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var settledPages = new HashSet<int>();
            TJob? last = null;
            await foreach (var snapshot in wait.SnapshotsAsync().ConfigureAwait(false))
            {
                last = snapshot;
                var progress = _progress(snapshot);
                var terminal = snapshot.Status.IsTerminal;
                if (!terminal && progress.Done <= seen.Count)
                {
                    // Nothing settled since the last read: no page can hold anything new.
                    continue;
                }

                List<string>? previous = null;
                for (var page = 1; terminal || seen.Count < progress.Done; page++)
                {
                    if (settledPages.Contains(page))
                    {
                        continue;
                    }

                    if (page > LastPage(progress.Total))
                    {
                        break;
                    }

                    var number = page;
                    var items = _results((await wait.ReadAsync(ct => _getPage(number, false, ct)).ConfigureAwait(false)).Value);
                    previous = CheckPaging(items, previous, page);
                    var allSettled = items.Count == PageSize;
                    foreach (var item in items)
                    {
                        // While the job runs, only settled items; once it has ended, everything that is left.
                        if (!terminal && !_status(item).IsTerminal)
                        {
                            allSettled = false;
                        }
                        else if (seen.Add(_key(item)))
                        {
                            yield return item;
                        }
                    }

                    if (allSettled)
                    {
                        settledPages.Add(page);
                    }

                    if (items.Count < PageSize)
                    {
                        break;
                    }
                }

                if (terminal && seen.Count != progress.Total)
                {
                    // A server may reorder or change a page between reads: one full pass catches what slipped between.
                    Log.Rescanning(logger, _jobId, seen.Count, progress.Total);
                    await foreach (var item in RescanAsync(wait).ConfigureAwait(false))
                    {
                        if (seen.Add(_key(item)))
                        {
                            yield return item;
                        }
                    }
                }
            }

            JobPoller.EnsureCompleted(request, last!);
        }
    }

    private async IAsyncEnumerable<TItem> RescanAsync(PollLoop<TJob> wait)
    {
        List<string>? previous = null;
        for (var page = 1; ; page++)
        {
            var number = page;
            var job = (await wait.ReadAsync(ct => _getPage(number, false, ct)).ConfigureAwait(false)).Value;
            var items = _results(job);
            previous = CheckPaging(items, previous, page);
            foreach (var item in items)
            {
                yield return item;
            }

            if (items.Count < PageSize || page >= LastPage(_progress(job).Total))
            {
                yield break;
            }
        }
    }

    /// <summary>One page past the reported total: a full last page may mean the job found more meanwhile.</summary>
    private static int LastPage(int total) => (int)Math.Ceiling(Math.Max(total, 0) / (double)PageSize) + 1;

    /// <summary>A page identical to the one before it means the server ignores <c>page</c>: stop with a clear error.</summary>
    private List<string> CheckPaging(IReadOnlyList<TItem> items, List<string>? previous, int page)
    {
        var keys = new List<string>(items.Count);
        foreach (var item in items)
        {
            keys.Add(_key(item));
        }

        if (previous is not null && keys.Count > 0 && keys.SequenceEqual(previous))
        {
            throw new ScraperResponseException(
                HttpStatusCode.OK,
                $"The result pages of job {_jobId} repeat: page {page} holds exactly the items of page {page - 1}, so the server ignores the 'page' parameter. Reading stopped instead of looping.");
        }

        return keys;
    }
}
