namespace Geonode.Scraper;

/// <summary>Settings of a <see cref="ScraperClient"/>. Unset values fall back to environment variables, then to defaults.</summary>
public sealed class ScraperClientOptions
{
    /// <summary>The configuration section <c>AddGeonodeScraper(IConfiguration)</c> reads by default.</summary>
    public const string DefaultSectionName = "GeonodeScraper";

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "GEONODE_SCRAPER_API_KEY";

    /// <summary>The environment variable read when <see cref="BaseAddress"/> is not set.</summary>
    public const string BaseAddressEnvironmentVariable = "SCRAPER_API_BASE_URL";

    /// <summary>Gets the production address of the API.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://scraper.geonode.io/");

    /// <summary>Gets or sets the API key, sent only in the <c>X-Api-Key</c> header and only to <see cref="BaseAddress"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the <c>GEONODE_SCRAPER_API_KEY</c> environment variable is used.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API's address. It must be absolute and <c>https</c>, except on a loopback host (the emulator).</summary>
    /// <value>The default value is <see langword="null"/>: <c>SCRAPER_API_BASE_URL</c> if set, else <c>https://scraper.geonode.io/</c>.</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets an identifier of your application, appended to the <c>User-Agent</c>
    /// (<c>geonode-dotnet-sdk/&lt;version&gt; &lt;ApplicationId&gt;</c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ApplicationId { get; set; }

    /// <summary>Gets or sets how long one HTTP attempt may take, from sending the request to reading the last byte of the
    /// response body; <see cref="Timeout.InfiniteTimeSpan"/> disables the limit.</summary>
    /// <value>The default value is 100 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the most connections the client opens to the API at once; further requests queue for a free
    /// connection. It applies to the connection pool the SDK creates (the plain constructors, and <c>AddGeonodeScraper</c>
    /// unless you replace the primary handler), so that thousands of concurrent waits cannot exhaust sockets.</summary>
    /// <value>The default value is 256.</value>
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>Gets or sets how failed HTTP requests are retried.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets the default polling of <c>WaitFor...Async</c> methods.</summary>
    public PollingOptions Polling { get; set; } = new();

    /// <summary>Gets or sets where the client records the jobs it starts (batch, crawl, asynchronous extraction), so that a
    /// restarted process can resume them and a request whose answer was lost is never sent twice; see
    /// <see cref="IJobLedger"/>. With dependency injection, a registered <see cref="IJobLedger"/> is used when this is not set.</summary>
    /// <value>The default value is <see langword="null"/>: no ledger.</value>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    public IJobLedger? JobLedger { get; set; }

    /// <summary>Gets or sets how long the client's claim on a ledger entry (a job it is starting, or following by its
    /// idempotency key) holds without a renewal. The client renews its claims every third of this while it runs; if its
    /// process dies, another process or replica takes the entry over this long after the last renewal and finishes the
    /// start without sending it twice. Shorter means a faster take-over after a crash and more ledger writes; keep it well
    /// above the longest pause the process may have (a long garbage collection, a suspended container).</summary>
    /// <value>The default value is 30 seconds; from 1 second to 1 hour.</value>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    public TimeSpan JobLedgerLeaseDuration { get; set; } = Internal.LeaseKeeper.DefaultLeaseDuration;

    /// <summary>Returns the type name; the options hold a secret, so no value is shown.</summary>
    /// <returns>A string without the API key.</returns>
    public override string ToString() => $"{nameof(ScraperClientOptions)} {{ BaseAddress = {BaseAddress}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "***")} }}";
}
