using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How <see cref="RetryFailedExtensions.RetryFailedItemsAsync"/> and
/// <see cref="RetryFailedExtensions.RetryFailedPagesAsync"/> start the re-run.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class RetryFailedOptions
{
    /// <summary>Gets or sets the settings to re-run with: the request the batch was started with (its
    /// <see cref="BatchRequest.Urls"/> are replaced by the failed URLs). For a crawl, the batch settings that match the
    /// crawl's (formats, rendering, proxy, wait).</summary>
    /// <value>The default value is <see langword="null"/>: the settings the job's status reports, which leave some out
    /// (<see cref="RetryFailedResult.SettingsSource"/> says which were used).</value>
    public BatchRequest? OriginalRequest { get; set; }

    /// <summary>Gets or sets how long starting one re-run batch may keep waiting out HTTP 429 (the account's concurrency
    /// limit) before the 429 is thrown; <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(10);
}
