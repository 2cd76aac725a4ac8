using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How <see cref="IScraperClient.ScrapeManyAsync"/> splits, starts and follows its batches.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class ScrapeManyOptions
{
    /// <summary>Gets or sets the settings every batch is started with (formats, rendering, proxy, headers, wait); its
    /// <see cref="BatchRequest.Urls"/> are replaced by each batch's share of the URLs, and <c>ignore_invalid_urls</c> is
    /// always sent as <see langword="false"/> (every URL is checked before the first batch starts).</summary>
    /// <value>The default value is <see langword="null"/>: the API's defaults.</value>
    public BatchRequest? Settings { get; set; }

    /// <summary>Gets or sets how many URLs go into one batch, 1 to 1,000.</summary>
    /// <value>The default value is 1,000.</value>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Gets or sets how many batches may run at once; <see langword="null"/> asks <c>GET /v1/usage</c> for the
    /// account's concurrency limit and falls back to <see cref="FallbackConcurrentBatches"/> when it reports none. The limit
    /// holds across every client of the account that shares the <see cref="IJobConcurrencyLimiter"/> (all the clients of a
    /// process by default; every replica with <c>Geonode.Scraper.PostgreSql</c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? MaxConcurrentBatches { get; set; }

    /// <summary>Gets or sets how many batches run at once when <see cref="MaxConcurrentBatches"/> is not set and the usage
    /// endpoint reports no concurrency limit.</summary>
    /// <value>The default value is 2.</value>
    public int FallbackConcurrentBatches { get; set; } = 2;

    /// <summary>Gets or sets how long starting one batch may keep waiting out HTTP 429 (the account's concurrency limit,
    /// reached by other work of the account) before the 429 is thrown; <see cref="Timeout.InfiniteTimeSpan"/> waits
    /// without limit. The connection's retries wait it out, honouring <c>Retry-After</c>.</summary>
    /// <value>The default value is 30 minutes.</value>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets how each batch is polled while its items are streamed; <see langword="null"/> for the client's.</summary>
    public PollingOptions? Polling { get; set; }

    /// <summary>Gets or sets where each batch is reported once the server has accepted it (to record its id, for example).</summary>
    public IProgress<BatchJobAccepted>? BatchStarted { get; set; }

    /// <summary>Gets or sets the identity of the whole run, chosen by the caller: under a job ledger, batch <c>i</c> is started
    /// with the key <c>{IdempotencyKey}:{i}</c>, so a run started again with the same key and the same URLs (after a
    /// restart, or on another replica) follows the batches already started instead of starting them again.</summary>
    /// <value>The default value is <see langword="null"/>: a new run.</value>
    public string? IdempotencyKey { get; set; }
}
