namespace Geonode.Scraper;

/// <summary>How <see cref="WebhookEvent.Parse(IEnumerable{string}, byte[], string?, WebhookVerificationOptions?)"/> checks a
/// delivery beyond its signature: the replay window.</summary>
/// <remarks>
/// The envelope's <c>timestamp</c> is inside the signed body (assuming, as this SDK does, that the raw body is what is
/// signed), so an attacker who replays a captured delivery cannot change it; a delivery whose timestamp is further from now
/// than <see cref="Tolerance"/>, in the past or in the future, is rejected. A delivery without a timestamp is not checked.
/// Inferred: the API documents the <c>timestamp</c> field but no replay window, and does not say whether a retried delivery
/// carries a new timestamp. If it keeps the first attempt's, a retry sent later than <see cref="Tolerance"/> after the event
/// is rejected too; raise the tolerance if you see that in <c>GET /v1/webhooks/{id}/deliveries</c>.
/// </remarks>
public sealed class WebhookVerificationOptions
{
    /// <summary>Gets or sets how far a delivery's <c>timestamp</c> may be from now, either way;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the check off.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the clock that "now" is read from.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
