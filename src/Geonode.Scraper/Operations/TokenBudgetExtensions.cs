using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Waits for a batch or crawl within a <see cref="TokenBudget"/>: a job charged more than the budget while it
/// runs is cancelled on the server and the wait throws <see cref="JobBudgetExceededException"/>.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class TokenBudgetExtensions
{
    /// <summary>How long the cancel sent for a crossed budget may take (the caller's token no longer applies to it).</summary>
    internal static readonly TimeSpan CancelLimit = TimeSpan.FromSeconds(10);

    /// <summary>Waits for a batch like <see cref="IScraperClient.WaitForBatchAsync"/>, cancelling it on the server once a
    /// snapshot of the running batch shows more tokens charged than <paramref name="budget"/> allows.</summary>
    /// <remarks>The check runs at each poll, so the overshoot is bounded by what the batch is charged in one poll interval
    /// (<see cref="TokenBudget.MaxPollInterval"/>, which caps the polling's delays). A batch that ends on its own is
    /// returned as usual, even if its last poll shows it over the budget: there is nothing left to stop.</remarks>
    /// <param name="client">The client.</param>
    /// <param name="jobId">The batch's id.</param>
    /// <param name="budget">The budget.</param>
    /// <param name="polling">How to poll; <see langword="null"/> for the client's settings (capped by the budget).</param>
    /// <param name="progress">Receives every snapshot, once.</param>
    /// <param name="cancellationToken">A token to stop waiting (the batch goes on).</param>
    /// <returns>The completed batch.</returns>
    /// <exception cref="JobBudgetExceededException">The batch was charged more than the budget while it ran.</exception>
    public static Task<BatchJob> WaitForBatchAsync(
        this IScraperClient client, string jobId, TokenBudget budget, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.JobId(jobId);
        var (max, capped) = Prepare(client, budget, polling);
        return WaitAsync(
            client, jobId, max, progress, static job => job.TokenSummary,
            guard => client.WaitForBatchAsync(jobId, capped, guard, cancellationToken),
            ct => client.CancelBatchAsync(jobId, ct));
    }

    /// <summary>Waits for a crawl like <see cref="IScraperClient.WaitForCrawlAsync"/>, cancelling it on the server once a
    /// snapshot of the running crawl shows more tokens charged than <paramref name="budget"/> allows.</summary>
    /// <remarks>The check runs at each poll, so the overshoot is bounded by what the crawl is charged in one poll interval
    /// (<see cref="TokenBudget.MaxPollInterval"/>, which caps the polling's delays). A crawl that ends on its own is
    /// returned as usual.</remarks>
    /// <param name="client">The client.</param>
    /// <param name="jobId">The crawl's id.</param>
    /// <param name="budget">The budget.</param>
    /// <param name="polling">How to poll; <see langword="null"/> for the client's settings (capped by the budget).</param>
    /// <param name="progress">Receives every snapshot, once.</param>
    /// <param name="cancellationToken">A token to stop waiting (the crawl goes on).</param>
    /// <returns>The completed crawl.</returns>
    /// <exception cref="JobBudgetExceededException">The crawl was charged more than the budget while it ran.</exception>
    public static Task<CrawlJob> WaitForCrawlAsync(
        this IScraperClient client, string jobId, TokenBudget budget, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.JobId(jobId);
        var (max, capped) = Prepare(client, budget, polling);
        return WaitAsync(
            client, jobId, max, progress, static job => job.TokenSummary,
            guard => client.WaitForCrawlAsync(jobId, capped, guard, cancellationToken),
            ct => client.CancelCrawlAsync(jobId, ct));
    }

    /// <summary>Validates the budget and caps the polling's delays at its <see cref="TokenBudget.MaxPollInterval"/>.</summary>
    private static (int MaxTokens, PollingOptions Polling) Prepare(IScraperClient client, TokenBudget budget, PollingOptions? polling)
    {
        Guard.NotNull(budget);
        if (budget.MaxTokens < 0)
        {
            throw new ArgumentException($"budget.MaxTokens must not be negative; got {budget.MaxTokens}.", nameof(budget));
        }

        var cap = budget.MaxPollInterval;
        if (cap <= TimeSpan.Zero)
        {
            throw new ArgumentException($"budget.MaxPollInterval must be positive; got {cap}.", nameof(budget));
        }

        var copy = (polling is not null ? PollingSettings.From(polling) : (client as ScraperClient)?.DefaultPolling)?.ToOptions() ?? new PollingOptions();
        copy.MaxDelay = Min(copy.MaxDelay, cap);
        copy.InitialDelay = Min(copy.InitialDelay, cap);
        return (budget.MaxTokens, copy);
    }

    private static async Task<TJob> WaitAsync<TJob>(
        IScraperClient client, string jobId, int maxTokens, IProgress<TJob>? progress, Func<TJob, TokenSummary?> usageOf,
        Func<IProgress<TJob>, Task<TJob>> wait, Func<CancellationToken, Task> cancel)
        where TJob : class, IScraperJob
    {
        try
        {
            return await wait(new BudgetGuard<TJob>(maxTokens, progress, usageOf)).ConfigureAwait(false);
        }
        catch (BudgetCrossedException crossed)
        {
            // The wait is over; the cancel must still reach the server, within its own short limit (as after a timeout).
            var cancelled = false;
            Exception? cancelError = null;
            using var limit = BatchStarter.TimeOf(client).CreateTimeoutSource(CancelLimit);
            try
            {
                await cancel(limit.Token).ConfigureAwait(false);
                cancelled = true;
            }
            catch (Exception ex) when (ex is ScraperException or HttpRequestException or TimeoutException or IOException or OperationCanceledException)
            {
                cancelError = ex;
            }

            throw new JobBudgetExceededException(jobId, crossed.Snapshot, crossed.Usage, maxTokens, cancelled, cancelError);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Sees every snapshot of the wait's single poll loop (it is the wait's progress sink): passes it on to the
    /// caller's, then ends the wait when a running job is over the budget.</summary>
    private sealed class BudgetGuard<TJob>(int maxTokens, IProgress<TJob>? inner, Func<TJob, TokenSummary?> usageOf) : IProgress<TJob>
        where TJob : class, IScraperJob
    {
        public void Report(TJob value)
        {
            inner?.Report(value);
            if (!value.Status.IsTerminal && usageOf(value) is { } usage && usage.TokensChargedTotal > maxTokens)
            {
                throw new BudgetCrossedException(value, usage);
            }
        }
    }

    /// <summary>Carries the snapshot that crossed the budget out of the wait; never leaves this class.</summary>
    private sealed class BudgetCrossedException(IScraperJob snapshot, TokenSummary usage) : Exception("The token budget was crossed.")
    {
        public IScraperJob Snapshot { get; } = snapshot;

        public TokenSummary Usage { get; } = usage;
    }
}
