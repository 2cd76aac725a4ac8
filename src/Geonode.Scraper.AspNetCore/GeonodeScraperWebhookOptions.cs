using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AspNetCore.Internal;

namespace Geonode.Scraper.AspNetCore;

/// <summary>
/// Settings of the webhook receiver that <see cref="GeonodeScraperWebhookServiceCollectionExtensions.AddGeonodeScraperWebhooks"/>
/// registers: the secrets that sign deliveries, the replay window, how repeats are remembered, the fallback poll interval of
/// the waits it wakes, and the endpoint's path. Validated when the host starts.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class GeonodeScraperWebhookOptions
{
    /// <summary>The path <see cref="GeonodeScraperWebhookEndpointRouteBuilderExtensions.MapGeonodeScraperWebhooks"/> maps
    /// when it is given none.</summary>
    public const string DefaultPath = "/webhooks/geonode";

    /// <summary>Gets the signing secrets to accept (<c>whsec_...</c>, returned when a webhook is created and when its secret
    /// is rotated); at least one. A delivery is accepted when its <c>X-Webhook-Signature</c> matches any of them: during a
    /// rotation list the new and the old secret, and one secret per webhook when several webhooks (one per event type)
    /// deliver to this endpoint. Read for every delivery, so a reloaded configuration takes effect at once.</summary>
    public IList<string> Secrets { get; } = new List<string>();

    /// <summary>Gets or sets how far a delivery's signed <c>timestamp</c> may be from now, either way, before it is refused
    /// as a possible replay; <see cref="Timeout.InfiniteTimeSpan"/> turns the check off.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan ReplayTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how often the waits of this application poll while the receiver wakes them, between
    /// <see cref="JobCompletionSignalOptions.MinFallbackPollInterval"/> (5 s) and
    /// <see cref="JobCompletionSignalOptions.MaxFallbackPollInterval"/> (10 min). The API sends webhooks only for completed
    /// jobs, so a failed or cancelled job, or a lost delivery, is seen by this poll.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long an event (event type and job id) is remembered, so that a retried delivery of it is
    /// acknowledged without acting again. Longer than the service retries one delivery.</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the most events remembered at once; the oldest is forgotten first, so memory stays bounded.</summary>
    /// <value>The default value is 10,000.</value>
    public int DeduplicationCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets the most bytes of a delivery's body the endpoint reads; a longer one is answered 413 without
    /// being read further. The signature header is checked before the body is read, so an unsigned delivery costs nothing.
    /// Deliveries are a few hundred bytes.</summary>
    /// <value>The default value is 1 MB (1,048,576 bytes).</value>
    public long MaxBodySize { get; set; } = DefaultMaxBodySize;

    /// <summary>The default of <see cref="MaxBodySize"/>: 1 MB.</summary>
    public const long DefaultMaxBodySize = 1024 * 1024;

    /// <summary>Gets or sets the path of the endpoint when
    /// <see cref="GeonodeScraperWebhookEndpointRouteBuilderExtensions.MapGeonodeScraperWebhooks"/> is given none.</summary>
    /// <value>The default value is <see cref="DefaultPath"/>.</value>
    public string Path { get; set; } = DefaultPath;
}
