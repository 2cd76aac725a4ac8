namespace Geonode.Scraper.Emulator;

/// <summary>Settings of a <see cref="ScraperEmulator"/>. Every time is emulated time measured with <see cref="TimeProvider"/>.</summary>
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

    /// <summary>Gets or sets how long one page takes to extract (asynchronous jobs, batch items, crawl pages).</summary>
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

    /// <summary>Gets or sets the plan's crawl depth cap: a deeper crawl gets a <c>VALIDATION_ERROR</c>.</summary>
    /// <value>The default value is 10 (the API's own maximum).</value>
    public int PlanMaxCrawlDepth { get; set; } = 10;

    /// <summary>Gets or sets the concurrency limit <c>GET /v1/usage</c> reports.</summary>
    /// <value>The default value is 25.</value>
    public int ConcurrencyLimit { get; set; } = 25;

    /// <summary>Gets or sets latency added to every response.</summary>
    /// <value>The default value is zero.</value>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets or sets the clock of job lifecycles.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
