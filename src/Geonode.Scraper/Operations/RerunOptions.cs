using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How re-running what failed (<see cref="BatchOperation.RerunFailedAsync"/>, <see cref="CrawlOperation.RerunFailedAsync"/>)
/// starts its batches.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class RerunOptions
{
    /// <summary>Gets or sets the settings to re-run with: the request the batch was started with (its
    /// <see cref="BatchRequest.Urls"/> are replaced by the failed URLs). For a crawl, the batch settings that match the
    /// crawl's (formats, rendering, proxy, wait).</summary>
    /// <value>The default value is <see langword="null"/>: the request the job ledger recorded, else the settings the job's
    /// status reports, which leave some out (<see cref="RerunResult.SettingsSource"/> says which were used).</value>
    public BatchRequest? OriginalRequest { get; set; }

    /// <summary>Gets or sets how long starting one batch may keep waiting out HTTP 429 (the account's concurrency limit)
    /// before the 429 is thrown; <see cref="Timeout.InfiniteTimeSpan"/> waits without limit. The connection's retries wait
    /// it out (honouring <c>Retry-After</c>): a 429 means the server created nothing, so nothing is billed twice.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(10);
}
