namespace Geonode.Scraper;

/// <summary>How the SDK retries one HTTP request that failed with a transient error.</summary>
/// <remarks>
/// Retried: 408, 429, 500, 502, 503, 504, connection failures, a response body cut short and attempt timeouts. A POST
/// (which starts a billed job) is retried only when the server cannot have acted on it: on 429, and on failures to connect
/// before anything was sent. Job status polls are not retried here: the wait that makes them retries them on its own
/// schedule (<see cref="PollingOptions"/>), so that retries never multiply.
/// </remarks>
public sealed class RetryOptions
{
    /// <summary>Gets or sets how many times a request is retried; 0 turns retries off.</summary>
    /// <value>The default value is 3 retries.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; each later one doubles it.</summary>
    /// <value>The default value is 0.5 seconds.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>The default value is 8 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Gets or sets the random spread applied to each delay, as a fraction in [0, 1]; 0 turns jitter off.</summary>
    /// <value>The default value is 0.2 (±20 %).</value>
    public double Jitter { get; set; } = 0.2;

    /// <summary>Gets or sets the longest <c>Retry-After</c> the SDK waits for by itself, in a retry or between two polls.
    /// A longer one ends the call (or the wait) at once with <see cref="ScraperRateLimitException"/> (for 429) or
    /// <see cref="ScraperApiException"/>, with <see cref="ScraperApiException.RetryAfter"/> set, so that you decide.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}
