namespace Geonode.Scraper;

/// <summary>How <c>WaitFor...Async</c> and <c>Watch...Async</c> methods poll a job until it ends. Set once on
/// <see cref="ScraperClientOptions.Polling"/> or pass per call; the SDK copies and validates the values when it receives
/// them, so changing this object later does not change a wait that has started or a client that was built.</summary>
public sealed class PollingOptions
{
    /// <summary>Gets or sets the first delay between polls. Waiting on an existing job polls within a random spread of up to
    /// this long (at once when <see cref="Jitter"/> is 0), so that thousands of waits started together do not arrive
    /// together; after the SDK starts a job itself, it waits about this long before the first poll.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the factor each delay grows by while a job shows no measurable progress.</summary>
    /// <value>The default value is 1.5.</value>
    public double Multiplier { get; set; } = 1.5;

    /// <summary>Gets or sets the longest delay between two polls. When set, it holds for every wait, whatever else would
    /// poll less often (a completion signal's fallback interval included); only a <c>Retry-After</c> from the server is
    /// longer.</summary>
    /// <value>The default value is <see langword="null"/>: 15 seconds, or
    /// <see cref="JobCompletionSignalOptions.FallbackPollInterval"/> for a wait that a completion signal wakes (a kind of job
    /// whose webhook events reach the app, while the signal is listening).</value>
    public TimeSpan? MaxDelay { get; set; }

    /// <summary>Gets or sets the random spread applied to each delay, as a fraction in [0, 1] (0.2 is ±20 %); 0 turns
    /// jitter off.</summary>
    /// <value>The default value is 0.2.</value>
    public double Jitter { get; set; } = 0.2;

    /// <summary>Gets or sets how long to wait in all before <see cref="JobTimeoutException"/>;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits without limit. Every poll, including the reading of
    /// its body, ends by this deadline.</summary>
    /// <value>The default value is 30 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets how many polls in a row may fail with a transient error (5xx, 408, 429, network errors,
    /// bodies cut short or unreadable, attempt timeouts) before the wait gives up and throws the last error.</summary>
    /// <value>The default value is 5.</value>
    public int MaxConsecutiveErrors { get; set; } = 5;

    /// <summary>Gets or sets how long after the wait starts a 404 still counts as "not visible yet" rather than "not found".</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan NotFoundGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets a value indicating whether a batch or crawl job is cancelled on the server when the wait
    /// times out. Extraction jobs cannot be cancelled, so this has no effect on them.</summary>
    /// <value>The default value is <see langword="false"/>: the job goes on running.</value>
    public bool CancelJobOnTimeout { get; set; }
}
