using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>
/// What every operation of a client shares, handed to each operation when the client creates it — never found again by
/// casting an <see cref="IScraperClient"/> back to <see cref="ScraperClient"/>, so a decorator or a fake of the interface
/// never changes what an operation does: the connection, the client's default polling, the poller (clock, logger, signal,
/// delay strategy), the job starter with the ledger and its leases, the concurrency limiter and the token budget store,
/// and the endpoints of each kind of job.
/// </summary>
internal sealed class OperationRuntime
{
    public OperationRuntime(
        ApiConnection api,
        PollingSettings defaultPolling,
        JobPoller poller,
        IJobLedger? ledger,
        LeaseKeeper? leases,
        IJobConcurrencyLimiter limiter,
        ITokenBudgetStore budgets)
    {
        Api = api;
        DefaultPolling = defaultPolling;
        Poller = poller;
        Ledger = ledger;
        Leases = leases;
        Limiter = limiter;
        Budgets = budgets;
        Starter = new JobStarter(api, ledger, leases, api.TimeProvider, api.Logger);
        Batches = new ResultJobs<BatchJob, BatchItem, BatchCancellation>(api, BatchJobs.Descriptor);
        Crawls = new ResultJobs<CrawlJob, CrawlPage, CrawlCancellation>(api, CrawlJobs.Descriptor);
        Extracts = new ExtractJobs(api);
        BatchStart = BatchJobs.Start(api, Batches);
        CrawlStart = CrawlJobs.Start(api, Crawls);
        AccountGroup = "batch:" + KeyFingerprint(api.Options.ApiKey);
    }

    public ApiConnection Api { get; }

    public PollingSettings DefaultPolling { get; }

    public JobPoller Poller { get; }

    public IJobLedger? Ledger { get; }

    public LeaseKeeper? Leases { get; }

    public IJobConcurrencyLimiter Limiter { get; }

    public ITokenBudgetStore Budgets { get; }

    public JobStarter Starter { get; }

    public ResultJobs<BatchJob, BatchItem, BatchCancellation> Batches { get; }

    public ResultJobs<CrawlJob, CrawlPage, CrawlCancellation> Crawls { get; }

    public ExtractJobs Extracts { get; }

    public JobStart<BatchRequest, BatchJobAccepted> BatchStart { get; }

    public JobStart<CrawlRequest, CrawlJobAccepted> CrawlStart { get; }

    /// <summary>Gets the name of the account's pool of batch slots in the concurrency limiter: clients of the same account
    /// share it, others do not (a fingerprint of the key, never the key).</summary>
    public string AccountGroup { get; }

    public TimeProvider TimeProvider => Api.TimeProvider;

    public ILogger Logger => Api.Logger;

    public string ApiKey => Api.Options.ApiKey;

    /// <summary>The polling a wait runs with: a validated copy of the per-call options, or the client's.</summary>
    public PollingSettings Polling(PollingOptions? polling, string paramName) =>
        polling is null ? DefaultPolling : PollingValidation.Validated(polling, paramName);

    /// <summary>The stop conditions of a wait: its token budget, validated and copied.</summary>
    public IReadOnlyList<WaitStopCondition<TJob>> Stops<TJob>(TokenBudget? budget, Func<TJob, TokenSummary?> usageOf, string paramName)
        where TJob : class, IScraperJob
    {
        if (budget is null)
        {
            return [];
        }

        if (budget.MaxTokens < 0)
        {
            throw new ArgumentException($"options.Budget.MaxTokens must not be negative; got {budget.MaxTokens}.", paramName);
        }

        if (budget.MaxPollInterval <= TimeSpan.Zero || budget.MaxPollInterval > OptionChecks.MaxTimer)
        {
            throw new ArgumentException($"options.Budget.MaxPollInterval must be positive; got {budget.MaxPollInterval}.", paramName);
        }

        if (budget.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 200))
        {
            throw new ArgumentException("options.Budget.Name must be 1 to 200 characters.", paramName);
        }

        var copy = new TokenBudget { MaxTokens = budget.MaxTokens, MaxPollInterval = budget.MaxPollInterval, Name = budget.Name };
        return [new TokenBudgetStop<TJob>(copy, usageOf, Budgets)];
    }

    /// <summary>Records the end of a wait that saw its job's terminal status (completed, failed or cancelled).</summary>
    public async Task<TJob> RecordingFinishAsync<TJob>(string jobId, Task<TJob> wait)
        where TJob : class, IScraperJob
    {
        if (Ledger is null)
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

        if (job.Status.IsTerminal)
        {
            await RecordFinishedAsync(jobId, job.Status).ConfigureAwait(false);
        }

        return job;
    }

    /// <summary>Records the end of a watch once its caller has read every item (so an export has written them all).</summary>
    public IAsyncEnumerable<TItem> RecordingFinish<TItem>(string jobId, IAsyncEnumerable<TItem> items, Func<bool> ended, CancellationToken cancellationToken) =>
        Ledger is null ? items : RecordingFinishCore(jobId, items, ended, cancellationToken);

    /// <summary>The request a job was started with, as the ledger recorded it (without headers for target sites), if it did.</summary>
    public async Task<JobLedgerEntry?> RecordedAsync(string jobId, CancellationToken cancellationToken) =>
        Ledger is null ? null : await Ledger.FindAsync(jobId, cancellationToken).ConfigureAwait(false);

    private static string KeyFingerprint(string apiKey)
    {
#if NET5_0_OR_GREATER
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
#else
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(apiKey));
#endif
        return string.Concat(hash.Take(6).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private async IAsyncEnumerable<TItem> RecordingFinishCore<TItem>(string jobId, IAsyncEnumerable<TItem> items, Func<bool> ended, [EnumeratorCancellation] CancellationToken cancellationToken)
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

        // A watch that stopped at its time limit read what had settled; the job has not ended.
        if (ended())
        {
            await RecordFinishedAsync(jobId, JobStatus.Completed).ConfigureAwait(false);
        }
    }

    private async Task RecordFinishedAsync(string jobId, JobStatus status)
    {
        try
        {
            await Ledger!.RecordFinishedAsync(jobId, status, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
        {
            // The wait's result is good; a missing end record only makes a restarted process look at the job once more.
            Log.LedgerWriteFailed(Logger, jobId, ex);
        }
    }
}
