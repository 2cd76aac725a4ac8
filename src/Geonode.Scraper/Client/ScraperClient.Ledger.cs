using System.Runtime.CompilerServices;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <summary>Sends the POST that starts a job, under the ledger when there is one (<see cref="JobStarter"/>).</summary>
    private Task<TAccepted> StartJobAsync<TRequest, TAccepted>(
        JobStart<TRequest, TAccepted> start, TRequest request, TRequest recorded, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob => _starter.StartAsync(start, request, recorded, null, cancellationToken);

    /// <summary>Looks for the job a ledger entry of unknown outcome may have started, on the server's clock.</summary>
    internal Task<IScraperJob> FindStartedJobAsync(JobLedgerEntry entry, CancellationToken cancellationToken) =>
        _starter.FindStartedJobAsync(entry, ListForLedger(entry.Kind), cancellationToken);

    /// <summary>Reads a job list page with the response's <c>Date</c>, so that the search window is on the server's clock.</summary>
    private StartedJobFinder.ListPage ListForLedger(string kind)
    {
        static string Query(int page) => new QueryString().Add("page", page).Add("page_size", StartedJobFinder.PageSize).ToString();
        return kind switch
        {
            JobLedgerEntry.CrawlKind => async (page, ct) =>
            {
                var r = await _api.SendAsync(new ApiCall(HttpMethod.Get, $"{CrawlPath}/jobs{Query(page)}", "/v1/crawl/jobs"), ScraperJsonContext.Default.JobsEnvelopeCrawlJobSummary, ct).ConfigureAwait(false);
                return (r.Value.Jobs.Select(StartedJobFinder.Listed.Of).ToList(), r.Date, r.Value.PageCount);
            },
            JobLedgerEntry.BatchKind => async (page, ct) =>
            {
                var r = await _api.SendAsync(new ApiCall(HttpMethod.Get, $"{BatchPath}/jobs{Query(page)}", "/v1/batch/jobs"), ScraperJsonContext.Default.JobsEnvelopeBatchJobSummary, ct).ConfigureAwait(false);
                return (r.Value.Jobs.Select(StartedJobFinder.Listed.Of).ToList(), r.Date, r.Value.PageCount);
            },
            _ => async (page, ct) =>
            {
                var r = await _api.SendAsync(new ApiCall(HttpMethod.Get, $"{ExtractPath}/jobs{Query(page)}", "/v1/extract/jobs"), ScraperJsonContext.Default.JobsEnvelopeExtractJobSummary, ct).ConfigureAwait(false);
                return (r.Value.Jobs.Select(StartedJobFinder.Listed.Of).ToList(), r.Date, r.Value.PageCount);
            },
        };
    }

    /// <summary>Records the end of a wait that saw its job's terminal status (completed, failed or cancelled).</summary>
    private async Task<TJob> RecordingFinishAsync<TJob>(string jobId, Task<TJob> wait)
        where TJob : class, IScraperJob
    {
        if (_runtime.Ledger is null)
        {
            return await wait.ConfigureAwait(false);
        }

        TJob job;
        try
        {
            job = await wait.ConfigureAwait(false);
        }
        catch (JobException ex) when (ex is JobFailedException or JobCancelledException)
        {
            await RecordFinishedAsync(jobId, ex is JobFailedException ? JobStatus.Failed : JobStatus.Cancelled).ConfigureAwait(false);
            throw;
        }

        await RecordFinishedAsync(jobId, job.Status).ConfigureAwait(false);
        return job;
    }

    /// <summary>Records the end of a watch once its caller has read every item (so an export has written them all).</summary>
    private async IAsyncEnumerable<TItem> RecordingFinish<TItem>(string jobId, IAsyncEnumerable<TItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (JobException ex) when (ex is JobFailedException or JobCancelledException)
                {
                    await RecordFinishedAsync(jobId, ex is JobFailedException ? JobStatus.Failed : JobStatus.Cancelled).ConfigureAwait(false);
                    throw;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        await RecordFinishedAsync(jobId, JobStatus.Completed).ConfigureAwait(false);
    }

    private async Task RecordFinishedAsync(string jobId, JobStatus status)
    {
        try
        {
            await _runtime.Ledger!.RecordFinishedAsync(jobId, status, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The wait's result is good; a missing end record only makes a restarted process look at the job once more.
            Log.LedgerWriteFailed(_runtime.Logger, jobId, ex);
        }
    }
}
