using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper;

/// <summary>
/// The client of the Geonode Scraper API: every endpoint, typed, with retries, job polling and typed errors.
/// Thread-safe; create one and reuse it (or inject <see cref="IScraperClient"/> after <c>AddGeonodeScraper</c>).
/// </summary>
public sealed partial class ScraperClient : IScraperClient, IDisposable
{
    private readonly ApiConnection _api;
    private readonly JobPoller _poller;
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Initializes a new instance of the <see cref="ScraperClient"/> class with an API key and default settings.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty.</exception>
    public ScraperClient(string apiKey)
        : this(new ScraperClientOptions { ApiKey = RequireKey(apiKey) })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScraperClient"/> class with options. Unset values fall back to
    /// the environment variables <c>GEONODE_SCRAPER_API_KEY</c> and <c>SCRAPER_API_BASE_URL</c>.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">The options are invalid (for example no API key anywhere).</exception>
    public ScraperClient(ScraperClientOptions options)
        : this(options, CreatePrimaryHandler(), timeProvider: null, loggerFactory: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScraperClient"/> class that sends through your own innermost
    /// handler (a proxy, a test double), wrapped in the SDK's retry and timeout handler. The client disposes the handler.</summary>
    /// <param name="options">The options.</param>
    /// <param name="primaryHandler">The innermost handler. Turn off its automatic redirects: the API key must not follow a redirect.</param>
    /// <param name="timeProvider">The time source for delays and timeouts; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ScraperClient(ScraperClientOptions options, HttpMessageHandler primaryHandler, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        Guard.NotNull(primaryHandler);
        var resolved = ResolvedOptions.Resolve(options, nameof(options));
        var time = timeProvider ?? TimeProvider.System;
        var logger = (ILogger?)loggerFactory?.CreateLogger<ScraperClient>() ?? NullLogger.Instance;
        var handler = new ResilienceHandler(resolved, time, logger) { InnerHandler = primaryHandler };
        _ownedHttpClient = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _api = new ApiConnection(_ownedHttpClient, resolved, time, logger);
        _poller = new JobPoller(time, logger);
    }

    /// <summary>Used by <c>AddGeonodeScraper</c>: the factory's client already carries the SDK's handlers.</summary>
    internal ScraperClient(HttpClient httpClient, ResolvedOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _api = new ApiConnection(httpClient, options, timeProvider, logger);
        _poller = new JobPoller(timeProvider, logger);
    }

    /// <summary>Gets the API address requests go to.</summary>
    public Uri BaseAddress => _api.Options.BaseAddress;

    /// <summary>Releases the connection pool the client created, if it created one.</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();

    /// <summary>Returns the client's base address; never the API key.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"{nameof(ScraperClient)} {{ BaseAddress = {BaseAddress} }}";

    internal static HttpMessageHandler CreatePrimaryHandler()
    {
#if NET5_0_OR_GREATER
        return new SocketsHttpHandler
        {
            // Redirects would carry the X-Api-Key header to whatever host the Location names.
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
#else
        return new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
        };
#endif
    }

    private static string RequireKey(string apiKey)
    {
        Guard.NotNullOrWhiteSpace(apiKey);
        return apiKey;
    }

    private static string JobPath(string prefix, string jobId, string paramName)
    {
        Guard.JobId(jobId, paramName);
        return prefix + Uri.EscapeDataString(jobId);
    }

    private PollingOptions ResolvePolling(PollingOptions? polling)
    {
        var effective = polling ?? _api.Options.Polling;
        effective.Validate(nameof(polling));
        return effective;
    }

    /// <summary>Checks what a request sends on to target sites: never the API key, no negative wait.</summary>
    private void ValidateTargetOptions(IReadOnlyDictionary<string, string>? headers, WaitConfig? waitConfig, string paramName)
    {
        if (headers is not null && headers.Any(h => h.Key.Equals("X-Api-Key", StringComparison.OrdinalIgnoreCase)
            || (h.Value is not null && h.Value.Contains(_api.Options.ApiKey))))
        {
            throw new ArgumentException("The headers for target sites contain your API key (or an X-Api-Key header); it must never be sent to another site.", paramName);
        }

        if (waitConfig?.WaitTimeout is < 0)
        {
            throw new ArgumentException("WaitConfig.WaitTimeout cannot be negative.", paramName);
        }
    }

    private static void RequireUrl(string? url, string what, string paramName)
    {
        if (!Guard.IsAbsoluteHttpUrl(url))
        {
            throw new ArgumentException($"{what} must be an absolute http or https URL; got '{url}'.", paramName);
        }
    }

    private static void CheckListPage(int page, int pageSize, string paramName, int maxPageSize = 100)
    {
        if (page < 1)
        {
            throw new ArgumentException($"The page number starts at 1; got {page}.", paramName);
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            throw new ArgumentException($"The page size must be between 1 and {maxPageSize}; got {pageSize}.", paramName);
        }
    }
}
