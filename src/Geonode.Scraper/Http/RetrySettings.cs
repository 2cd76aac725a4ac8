namespace Geonode.Scraper.Internal;

/// <summary>A validated, immutable copy of <see cref="RetryOptions"/>.</summary>
internal sealed record RetrySettings(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, double Jitter, TimeSpan MaxRetryAfter)
{
    public static RetrySettings From(RetryOptions options) =>
        new(options.MaxRetries, options.BaseDelay, options.MaxDelay, options.Jitter, options.MaxRetryAfter);

    /// <summary>The delay before retry number <paramref name="attempt"/> + 1: BaseDelay × 2^attempt, capped, jittered.</summary>
    public TimeSpan Backoff(int attempt) => Internal.Backoff.ApplyJitter(Internal.Backoff.Exponential(BaseDelay, 2, MaxDelay, attempt), Jitter);
}
