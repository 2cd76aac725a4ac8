using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How waits poll while an <see cref="IJobCompletionSignal"/> wakes them when a job completes, and which kinds of
/// job it covers.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class JobCompletionSignalOptions
{
    /// <summary>The shortest fallback interval allowed.</summary>
    public static readonly TimeSpan MinFallbackPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>The longest fallback interval allowed: a failed or cancelled job (no webhook is sent for those) is seen at
    /// most this long after it ended.</summary>
    public static readonly TimeSpan MaxFallbackPollInterval = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how often a wait polls while it relies on the signal, between
    /// <see cref="MinFallbackPollInterval"/> and <see cref="MaxFallbackPollInterval"/> (jittered by
    /// <see cref="PollingOptions.Jitter"/>). The wait's deadline and its final poll apply as always.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the webhook events that reach this application (the webhooks you registered with the API and
    /// pointed at it). Only waits for those kinds of job rely on the signal and poll at
    /// <see cref="FallbackPollInterval"/>; the others poll as if no signal were registered.</summary>
    /// <value>The default value is <see langword="null"/>: the client asks the API which events its active webhooks send
    /// (<c>GET /v1/webhooks</c>, once every 10 minutes; when that fails, no kind of job relies on the signal).</value>
    public IList<WebhookEventType>? Events { get; set; }
}
