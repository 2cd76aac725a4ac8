namespace Geonode.Scraper.Emulator;

/// <summary>
/// Settings of a <see cref="ScraperEmulator"/>, copied when it starts. Every time is emulated time measured with
/// <see cref="TimeProvider"/>; the one wait on real time is the page time of a synchronous extraction, so that it answers
/// without the test moving a fake clock.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>Gets or sets the API key the emulator accepts; any other key gets 401.</summary>
    /// <value>The default value is <c>emulator-key</c>.</value>
    public string ApiKey { get; set; } = "emulator-key";

    /// <summary>Gets or sets the port on 127.0.0.1; 0 picks a free one.</summary>
    /// <value>The default value is 0.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets how long a new job stays <c>queued</c>.</summary>
    /// <value>The default value is 100 milliseconds.</value>
    public TimeSpan QueueTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how long one page takes to extract (asynchronous jobs, batch items, crawl pages, and the real-time
    /// wait of a synchronous extraction).</summary>
    /// <value>The default value is 50 milliseconds.</value>
    public TimeSpan PageTime { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets how many pages of one batch or crawl are extracted at the same time.</summary>
    /// <value>The default value is 25.</value>
    public int Parallelism { get; set; } = 25;

    /// <summary>Gets or sets how many times slower pages on <c>*.slow.test</c> hosts are.</summary>
    /// <value>The default value is 20.</value>
    public int SlowFactor { get; set; } = 20;

    /// <summary>Gets or sets how many same-host links each synthetic page has.</summary>
    /// <value>The default value is 5.</value>
    public int LinksPerPage { get; set; } = 5;

    /// <summary>Gets or sets the plan's crawl depth cap: a crawl deeper than this (and within the API's maximum of 10) gets
    /// 422 <c>VALIDATION_ERROR</c>.</summary>
    /// <value>The default value is 5, so that the cap can be met with the defaults.</value>
    public int PlanMaxCrawlDepth { get; set; } = 5;

    /// <summary>Gets or sets the plan's concurrency limit, which <c>GET /v1/usage</c> reports.</summary>
    /// <value>The default value is 25.</value>
    public int ConcurrencyLimit { get; set; } = 25;

    /// <summary>Gets or sets whether starting a batch, a crawl or an asynchronous extraction while
    /// <see cref="ConcurrencyLimit"/> jobs are queued or processing answers 429 <c>CONCURRENCY_LIMIT</c> with a
    /// <c>Retry-After</c>, creating no job.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnforceConcurrencyLimit { get; set; }

    /// <summary>Gets or sets whether finished jobs are delivered to the webhooks that subscribe to them.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool DeliverWebhooks { get; set; } = true;

    /// <summary>Gets or sets how many status reads a job under <see cref="EmulatorProfile.JobVanishes"/> answers before it is gone.</summary>
    /// <value>The default value is 2.</value>
    public int VanishAfterReads { get; set; } = 2;

    /// <summary>Gets or sets how old a stale answer is under <see cref="EmulatorProfile.CountersStall"/> and
    /// <see cref="EmulatorProfile.CountersBackwards"/>.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan StaleViewTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how many 429 answers in a row <see cref="EmulatorProfile.RateLimitStorm"/> gives a job's status reads.</summary>
    /// <value>The default value is 10.</value>
    public int StormLength { get; set; } = 10;

    /// <summary>Gets or sets how long a status read waits under <see cref="EmulatorProfile.SlowStatus"/>.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan SlowStatusDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets latency added to every response (emulated time).</summary>
    /// <value>The default value is zero.</value>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets or sets the clock of job lifecycles, delays and webhook deliveries.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal EmulatorOptions Validated()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiKey, nameof(ApiKey));
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueTime, TimeSpan.Zero, nameof(QueueTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(PageTime, TimeSpan.Zero, nameof(PageTime));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Parallelism, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SlowFactor, nameof(SlowFactor));
        ArgumentOutOfRangeException.ThrowIfNegative(LinksPerPage, nameof(LinksPerPage));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PlanMaxCrawlDepth, nameof(PlanMaxCrawlDepth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ConcurrencyLimit, nameof(ConcurrencyLimit));
        ArgumentOutOfRangeException.ThrowIfNegative(VanishAfterReads, nameof(VanishAfterReads));
        ArgumentOutOfRangeException.ThrowIfLessThan(StaleViewTime, TimeSpan.Zero, nameof(StaleViewTime));
        ArgumentOutOfRangeException.ThrowIfNegative(StormLength, nameof(StormLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(SlowStatusDelay, TimeSpan.Zero, nameof(SlowStatusDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Latency, TimeSpan.Zero, nameof(Latency));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        return (EmulatorOptions)MemberwiseClone();
    }
}
