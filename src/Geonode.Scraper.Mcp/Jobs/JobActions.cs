using System.Text.Json;
using Geonode.Scraper.Mcp.Common;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>
/// Every call of the SDK's job-life API that the server makes, in one place, through the SDK's operations
/// (<c>client.GetCrawlOperation(id)</c>): waiting for a job within a time bound, exporting it, re-running what failed,
/// cancelling, its receipt, and reading the job ledger. The tools see <see cref="JobView"/> and the outcome records, never
/// the SDK's job types.
/// </summary>
/// <remarks>
/// The client must be the real client (not the tools' <c>ToolScraperClient</c>): re-running failures reads the recorded
/// request through it, and the waits here report progress themselves.
/// </remarks>
internal sealed class JobActions(IScraperClient client, IJobLedger? ledger, TimeProvider time, ILogger<JobActions> logger)
{
    private const string ManifestFileName = ".geonode-export.jsonl";

    /// <summary>The least time worth a wait: below it the job's status is read once instead.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets whether jobs are recorded in a ledger (not with the in-process emulator, whose jobs end with it).</summary>
    public bool HasLedger => ledger is not null;

    // ---------------------------------------------------------------- ledger look-ups

    /// <summary>Finds what kind of job an id is: from the ledger when this server started it, else by reading it as a crawl,
    /// then a batch, then an extraction (the API has no endpoint that says what an id is).</summary>
    /// <returns>The kind, or <see langword="null"/> when the account has no such job.</returns>
    public async Task<JobKind?> FindKindAsync(string jobId, CancellationToken cancellationToken)
    {
        if (ledger is not null && await ledger.FindAsync(jobId, cancellationToken).ConfigureAwait(false) is { } entry && KindOf(entry.Kind) is { } recorded)
        {
            return recorded;
        }

        foreach (var kind in new[] { JobKind.Crawl, JobKind.Batch, JobKind.Extract })
        {
            try
            {
                _ = kind switch
                {
                    JobKind.Crawl => (IScraperJob)await client.GetCrawlAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false),
                    JobKind.Batch => await client.GetBatchAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false),
                    _ => await client.GetExtractJobAsync(jobId, cancellationToken).ConfigureAwait(false),
                };
                return kind;
            }
            catch (ScraperNotFoundException)
            {
            }
        }

        return null;
    }

    /// <summary>Finds a crawl that a run of this server started, within <paramref name="window"/>, with the same request,
    /// and that is still running: the ledger keeps the memory of repeated calls across restarts.</summary>
    /// <returns>The job, or <see langword="null"/> when there is none (then the caller starts one).</returns>
    public Task<JobView?> FindRunningCrawlAsync(CrawlRequest request, TimeSpan window, CancellationToken cancellationToken) =>
        FindRunningAsync(JobKind.Crawl, Canonical(request), Canonical<CrawlRequest>, window, cancellationToken);

    /// <summary>Finds a batch that a run of this server started, within <paramref name="window"/>, with the same request,
    /// and that is still running.</summary>
    /// <returns>The job, or <see langword="null"/> when there is none.</returns>
    public Task<JobView?> FindRunningBatchAsync(BatchRequest request, TimeSpan window, CancellationToken cancellationToken) =>
        FindRunningAsync(JobKind.Batch, Canonical(request with { Headers = null }), Canonical<BatchRequest>, window, cancellationToken);

    // ---------------------------------------------------------------- reading and waiting

    /// <summary>Reads a crawl's or batch's status.</summary>
    /// <returns>The job's status and counters.</returns>
    /// <exception cref="ScraperNotFoundException">The account has no such job.</exception>
    public async Task<JobView> ReadAsync(JobKind kind, string jobId, CancellationToken cancellationToken) =>
        kind == JobKind.Crawl
            ? JobView.From(await client.GetCrawlAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false))
            : JobView.From(await client.GetBatchAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false));

    /// <summary>Waits for a crawl or batch to end, at most <paramref name="bound"/>, with the SDK's one polling loop; the job
    /// is never cancelled when the bound passes.</summary>
    /// <returns>The job's last status: terminal, or still running when the bound passed.</returns>
    public async Task<JobView> WaitAsync(JobKind kind, string jobId, TimeSpan bound, IProgress<JobView>? progress, CancellationToken cancellationToken)
    {
        if (bound < MinimumWait)
        {
            return await ReadAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
        }

        // The wait's time limit returns the job as it stands (no exception, no cancel).
        var wait = new JobWaitOptions { StopWaitingAfter = bound };
        try
        {
            return kind == JobKind.Crawl
                ? JobView.From(await client.GetCrawlOperation(jobId).WaitForCompletionAsync(wait, Relay<CrawlJob>(progress, JobView.From), cancellationToken).ConfigureAwait(false))
                : JobView.From(await client.GetBatchOperation(jobId).WaitForCompletionAsync(wait, Relay<BatchJob>(progress, JobView.From), cancellationToken).ConfigureAwait(false));
        }
        catch (JobException ex) when (ex is JobTimeoutException or JobFailedException or JobCancelledException)
        {
            // The snapshot the wait saw last; a timeout before the first poll has none.
            return View(ex.LastSnapshot) ?? await ReadAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The agent tools' wait for a crawl (crawl_site), bounded by what is left of the tool call: at the bound it
    /// returns the job's last snapshot, still running, so that the tool describes the progress so far instead of an
    /// error. Never cancels the job.</summary>
    /// <returns>The job's last snapshot: terminal, or still running when the bound passed.</returns>
    public async Task<CrawlJob> WaitForCrawlWithinAsync(string jobId, PollingOptions? polling, IProgress<CrawlJob>? progress, TimeSpan bound, CancellationToken cancellationToken)
    {
        if (bound < MinimumWait)
        {
            return await client.GetCrawlAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // The time limit returns the job as it stands; only the caller's own Timeout, if shorter, ends it in an error.
            return await client.GetCrawlOperation(jobId).WaitForCompletionAsync(new JobWaitOptions { Polling = polling, StopWaitingAfter = bound }, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (JobTimeoutException ex)
        {
            return ex.LastSnapshot as CrawlJob ?? await client.GetCrawlAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The agent tools' wait for a batch (scrape_urls), bounded like <see cref="WaitForCrawlWithinAsync"/>.</summary>
    /// <returns>The job's last snapshot: terminal, or still running when the bound passed.</returns>
    public async Task<BatchJob> WaitForBatchWithinAsync(string jobId, PollingOptions? polling, IProgress<BatchJob>? progress, TimeSpan bound, CancellationToken cancellationToken)
    {
        if (bound < MinimumWait)
        {
            return await client.GetBatchAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // The time limit returns the job as it stands; only the caller's own Timeout, if shorter, ends it in an error.
            return await client.GetBatchOperation(jobId).WaitForCompletionAsync(new JobWaitOptions { Polling = polling, StopWaitingAfter = bound }, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (JobTimeoutException ex)
        {
            return ex.LastSnapshot as BatchJob ?? await client.GetBatchAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---------------------------------------------------------------- export

    /// <summary>Gets the id of the job whose export a folder holds, from its manifest; <see langword="null"/> when it holds none.</summary>
    public static string? ExportedJobIn(string directory)
    {
        var manifest = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(new FileStream(manifest, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            using var header = JsonDocument.Parse(reader.ReadLine() ?? "{}");
            return header.RootElement.TryGetProperty("job_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes a crawl's or batch's results into <paramref name="directory"/> for at most <paramref name="bound"/>:
    /// pages are written as they settle, and a later call goes on where this one stopped (the export's manifest records
    /// what was written, so nothing is written twice).</summary>
    /// <returns>What this run wrote, and whether the export is complete.</returns>
    public async Task<ExportOutcome> ExportAsync(
        JobKind kind, string jobId, string directory, bool jsonl, TimeSpan bound, IProgress<(int Done, JobView? Job)>? progress, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(bound, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        ExportProgress? last = null;
        var relay = new Relay<ExportProgress>(p =>
        {
            last = p;
            progress?.Report((p.Written + p.AlreadyExported + p.Failed, View(p.Job)));
        });
        var format = jsonl ? ExportFormat.Jsonl : ExportFormat.Markdown;
        try
        {
            var options = new ExportOptions { Format = format };
            var result = kind == JobKind.Crawl
                ? await client.GetCrawlOperation(jobId).ExportAsync(directory, options, relay, linked.Token).ConfigureAwait(false)
                : await client.GetBatchOperation(jobId).ExportAsync(directory, options, relay, linked.Token).ConfigureAwait(false);
            var failures = result.Failures.Select(f => (f.Url, Reason(f.ErrorCode, f.ErrorMessage))).ToList();
            return new ExportOutcome(true, result.Directory, result.Counts.Written, result.Counts.AlreadyExported, result.Counts.Failed, View(last?.Job), failures);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.ExportBounded(logger, jobId);
            return new ExportOutcome(false, Path.GetFullPath(directory), last?.Written ?? 0, last?.AlreadyExported ?? 0, last?.Failed ?? 0, View(last?.Job), []);
        }
        catch (JobException ex) when (ex is JobFailedException or JobCancelledException)
        {
            // The job ended without completing; the pages it delivered have been written.
            var job = View(ex.LastSnapshot) ?? await ReadAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
            return new ExportOutcome(true, Path.GetFullPath(directory), last?.Written ?? 0, last?.AlreadyExported ?? 0, last?.Failed ?? 0, job, []);
        }
    }

    // ---------------------------------------------------------------- re-running what failed

    /// <summary>Starts a batch of the URLs that failed in an ended crawl or batch, with the settings the ledger recorded for
    /// it (or those its status reports); waits out the account's concurrency limit for at most <paramref name="bound"/>.</summary>
    /// <returns>What was started; nothing when nothing failed.</returns>
    /// <exception cref="InvalidOperationException">The job is still running.</exception>
    public async Task<RerunOutcome> RerunFailedAsync(JobKind kind, string jobId, TimeSpan bound, CancellationToken cancellationToken)
    {
        var options = new RerunOptions { MaxThrottleWait = bound };
        var result = kind == JobKind.Crawl
            ? await client.GetCrawlOperation(jobId).RerunFailedAsync(options, cancellationToken).ConfigureAwait(false)
            : await client.GetBatchOperation(jobId).RerunFailedAsync(options, cancellationToken).ConfigureAwait(false);
        return new RerunOutcome(jobId, result.FailedUrls, [.. result.Batches.Select(b => b.JobId)], result.SettingsSource == RerunSettingsSource.Recorded);
    }

    // ---------------------------------------------------------------- cancel

    /// <summary>Cancels a crawl or batch; a job that has already ended is reported with its status.</summary>
    /// <returns>Whether the job is cancelled now, and its status.</returns>
    public async Task<CancelOutcome> CancelAsync(JobKind kind, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            // A job that was cancelled already is reported cancelled by the operation itself (a 409 is followed by a read).
            if (kind == JobKind.Crawl)
            {
                var crawl = await client.GetCrawlOperation(jobId).CancelAsync(cancellationToken).ConfigureAwait(false);
                return new CancelOutcome(true, crawl.Status, crawl.InFlightPages);
            }

            var batch = await client.GetBatchOperation(jobId).CancelAsync(cancellationToken).ConfigureAwait(false);
            return new CancelOutcome(true, batch.Status, batch.InFlightUrls);
        }
        catch (ScraperConflictException)
        {
            // "Can no longer be cancelled": it has ended otherwise.
            var job = await ReadAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
            return new CancelOutcome(false, job.Status, 0);
        }
    }

    // ---------------------------------------------------------------- receipt

    /// <summary>The receipt of an ended crawl or batch: what it did, URL by URL, what it cost, and every mismatch found.</summary>
    /// <returns>The receipt.</returns>
    /// <exception cref="InvalidOperationException">The job is still running.</exception>
    public Task<JobReceipt> GetReceiptAsync(JobKind kind, string jobId, CancellationToken cancellationToken) =>
        kind == JobKind.Crawl
            ? client.GetCrawlOperation(jobId).GetReceiptAsync(cancellationToken)
            : client.GetBatchOperation(jobId).GetReceiptAsync(cancellationToken);

    private static JobKind? KindOf(string kind) => kind switch
    {
        JobLedgerEntry.CrawlKind => JobKind.Crawl,
        JobLedgerEntry.BatchKind => JobKind.Batch,
        JobLedgerEntry.ExtractKind => JobKind.Extract,
        _ => null,
    };

    private static JobView? View(IScraperJob? job) => job switch
    {
        CrawlJob crawl => JobView.From(crawl),
        BatchJob batch => JobView.From(batch),
        _ => null,
    };

    private static string? Reason(string? code, string? message) =>
        string.Join(" ", new[] { code, message }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } reason ? reason : null;

    private static Relay<T>? Relay<T>(IProgress<JobView>? progress, Func<T, JobView> view) =>
        progress is null ? null : new Relay<T>(job => progress.Report(view(job)));

    /// <summary>The request in one canonical JSON form (the SDK's wire format), to compare with a recorded one.</summary>
    private static string Canonical<T>(T request) => JsonSerializer.Serialize(request, ScraperJson.GetTypeInfo<T>());

    private static string? Canonical<T>(string recorded)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(recorded, ScraperJson.GetTypeInfo<T>()) is { } request
                ? Canonical(request is BatchRequest batch ? (T)(object)(batch with { Headers = null }) : request)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<JobView?> FindRunningAsync(JobKind kind, string wanted, Func<string, string?> canonical, TimeSpan window, CancellationToken cancellationToken)
    {
        if (ledger is null || window <= TimeSpan.Zero)
        {
            return null;
        }

        var since = time.GetUtcNow() - window;
        var entries = await ledger.ListInFlightAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries.Reverse())
        {
            if (KindOf(entry.Kind) != kind || entry.RecordedAt < since || entry.RequestJson is null || canonical(entry.RequestJson) != wanted)
            {
                continue;
            }

            var jobId = entry.JobId ?? await FindStartedAsync(entry, cancellationToken).ConfigureAwait(false);
            if (jobId is null)
            {
                continue;
            }

            try
            {
                var job = await ReadAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
                if (!job.Status.IsTerminal)
                {
                    Log.RunningJobFound(logger, jobId, kind.ToString());
                    return job;
                }
            }
            catch (ScraperNotFoundException)
            {
                // Recorded against another API address or account: not this one's job.
            }
        }

        return null;
    }

    /// <summary>Resolves an entry whose POST's outcome was lost (the server stopped between sending it and reading the answer).</summary>
    private async Task<string?> FindStartedAsync(JobLedgerEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            // Looks for the job on the API's list and records it (never sends the request again).
            return (await client.ResumeOperationAsync(entry, cancellationToken).ConfigureAwait(false)).JobId;
        }
        catch (Exception ex) when (ex is ScraperUnknownOutcomeException or InvalidOperationException)
        {
            return null;
        }
    }
}
