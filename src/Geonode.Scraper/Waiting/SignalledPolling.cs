using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The delay strategy while a completion signal is registered: a completed job wakes its waits, so polls are only
/// the fallback (for failed and cancelled jobs, which send no webhook, and for lost signals) at a long, fixed interval.</summary>
internal sealed class SignalledPolling(TimeSpan fallback) : IPollDelayStrategy
{
    public PollDelay NextDelay(PollDelayContext context) =>
        new(Backoff.ApplyJitter(fallback, context.Polling.Jitter), "completion signal registered; fallback poll");
}
