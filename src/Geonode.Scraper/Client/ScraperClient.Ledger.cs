using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <summary>
    /// Sends the POST that starts a job. With a ledger: records the intent (durably) first and the job id after; a refusal
    /// (4xx) is recorded as not started; when the answer is lost after the request may have arrived, the request is not sent
    /// again but looked for on the job list (<see cref="StartedJobFinder"/>).
    /// </summary>
    private async Task<TAccepted> StartJobAsync<TRequest, TAccepted>(
        JobStart<TRequest, TAccepted> start, TRequest request, TRequest recorded, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob
    {
        var call = new ApiCall(HttpMethod.Post, start.Path, start.Route) { Body = ApiConnection.Serialize(request, start.RequestType) };
        var ledger = _runtime.Ledger;
        if (ledger is null)
        {
            return (await _api.SendAsync(call, start.AcceptedType, cancellationToken).ConfigureAwait(false)).Value;
        }

        var entry = new JobLedgerEntry
        {
            EntryId = Guid.NewGuid().ToString("N"),
            Kind = start.Kind,
            RecordedAt = _runtime.TimeProvider.GetUtcNow(),
            Url = start.Url(request),
            UrlCount = start.UrlCount?.Invoke(request),
            RequestJson = Encoding.UTF8.GetString(ApiConnection.Serialize(recorded, start.RequestType)),
        };
        await ledger.RecordIntentAsync(entry, cancellationToken).ConfigureAwait(false);
        TAccepted accepted;
        try
        {
            accepted = (await _api.SendAsync(call, start.AcceptedType, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when (UnknownOutcome.IsMarked(ex) && !cancellationToken.IsCancellationRequested)
        {
            Log.OutcomeUnknown(_runtime.Logger, start.Route, ex.GetType().Name);
            accepted = start.FromListed(await StartedJobFinder.FindAsync(entry, ListForLedger(start.Kind), _runtime.TimeProvider, ex, cancellationToken).ConfigureAwait(false));
        }
        catch (ScraperApiException ex) when ((int)ex.StatusCode is >= 400 and < 500)
        {
            await ledger.RecordNotStartedAsync(entry.EntryId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // The job exists and is billed: its id is recorded even if the caller has given up meanwhile.
        await ledger.RecordStartedAsync(entry.EntryId, accepted.JobId, CancellationToken.None).ConfigureAwait(false);
        return accepted;
    }

    /// <summary>Looks for the job a ledger entry of unknown outcome may have started, on the server's clock.</summary>
    internal Task<IScraperJob> FindStartedJobAsync(JobLedgerEntry entry, CancellationToken cancellationToken) =>
        StartedJobFinder.FindAsync(entry, ListForLedger(entry.Kind), _runtime.TimeProvider, null, cancellationToken);

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

    /// <summary>How one kind of job is started and recognised again on its list.</summary>
    private sealed class JobStart<TRequest, TAccepted>
    {
        public required string Kind { get; init; }

        public required string Path { get; init; }

        public required string Route { get; init; }

        public required JsonTypeInfo<TRequest> RequestType { get; init; }

        public required JsonTypeInfo<TAccepted> AcceptedType { get; init; }

        public required Func<TRequest, string?> Url { get; init; }

        public Func<TRequest, int>? UrlCount { get; init; }

        /// <summary>Gets the accepted answer built from the job found on the list.</summary>
        public required Func<IScraperJob, TAccepted> FromListed { get; init; }
    }
}
