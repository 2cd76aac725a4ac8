using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Starts batches for the workflows, waiting out the account's concurrency limit instead of failing on it.</summary>
internal static class BatchStarter
{
    /// <summary>The first wait after a 429 that named no <c>Retry-After</c>; it doubles up to <see cref="MaxThrottleDelay"/>.</summary>
    internal static readonly TimeSpan FirstThrottleDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait after a 429 that named no <c>Retry-After</c>.</summary>
    internal static readonly TimeSpan MaxThrottleDelay = TimeSpan.FromSeconds(30);

    /// <summary>The client's clock when it has one (tests move it), else the system clock.</summary>
    public static TimeProvider TimeOf(IScraperClient client) => (client as ScraperClient)?.TimeProvider ?? TimeProvider.System;

    /// <summary>
    /// Starts a batch. A 429 (too many requests, or the account's concurrency limit) waits — the <c>Retry-After</c> when the
    /// server names one, else a doubling backoff — and tries again until <paramref name="maxWait"/> has passed; then the
    /// 429 is thrown. Sending the POST again is safe: the SDK sends a POST again only after a 429 or an attempt that never
    /// left the machine, so a 429 that ends a call means that no attempt of it created a job.
    /// </summary>
    public static async Task<BatchJobAccepted> StartAsync(
        IScraperClient client, BatchRequest request, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var time = TimeOf(client);
        var since = time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                return await client.StartBatchAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ScraperRateLimitException ex)
            {
                delay = ex.RetryAfter is { } asked && asked > TimeSpan.Zero
                    ? Backoff.JitterUp(asked, 0.2)
                    : Backoff.ApplyJitter(Backoff.Exponential(FirstThrottleDelay, 2, MaxThrottleDelay, attempt), 0.2);
                if (maxWait != Timeout.InfiniteTimeSpan && time.GetElapsedTime(since) + delay > maxWait)
                {
                    throw;
                }
            }

            await time.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }
}
