using System.Text.Json.Serialization.Metadata;
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
    private readonly ScraperRuntime _runtime;
    private readonly JobStarter _starter;
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Initializes a new instance of the <see cref="ScraperClient"/> class with an API key and default settings.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty.</exception>
    public ScraperClient(string apiKey)
        : this(new ScraperClientOptions { ApiKey = RequireKey(apiKey) })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScraperClient"/> class with options. Unset values fall back to
    /// the environment variables <c>GEONODE_SCRAPER_API_KEY</c> and <c>SCRAPER_API_BASE_URL</c>. The client copies the
    /// options: changing them afterwards has no effect.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">The options are invalid (for example no API key anywhere).</exception>
    public ScraperClient(ScraperClientOptions options)
        : this(ResolvedOptions.Resolve(options, nameof(options)), primaryHandler: null, timeProvider: null, loggerFactory: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScraperClient"/> class that sends through your own handler (a
    /// proxy, a test double). The SDK turns automatic redirects off on the innermost handler of the chain, so that the API
    /// key never follows a redirect to another host. The client disposes the handler.</summary>
    /// <param name="options">The options.</param>
    /// <param name="primaryHandler">The handler, or a chain of <see cref="DelegatingHandler"/>s ending in one.</param>
    /// <param name="timeProvider">The time source for delays and timeouts; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the handler follows redirects and can no longer be changed.</exception>
    public ScraperClient(ScraperClientOptions options, HttpMessageHandler primaryHandler, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(ResolvedOptions.Resolve(options, nameof(options)), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)), timeProvider, loggerFactory)
    {
    }

    /// <summary>Used by <c>AddGeonodeScraper</c>: the factory's client, and the runtime the container shares.</summary>
    internal ScraperClient(HttpClient httpClient, ScraperRuntime runtime)
    {
        _runtime = runtime;
        _api = new ApiConnection(httpClient, runtime);
        _starter = new JobStarter(_api, runtime.Ledger, runtime.Leases, runtime.TimeProvider, runtime.Logger);
    }

    private ScraperClient(ResolvedOptions options, HttpMessageHandler? primaryHandler, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        if (primaryHandler is null)
        {
            primaryHandler = HttpHandlers.CreatePrimary(options);
        }
        else
        {
            HttpHandlers.DisableAutoRedirect(primaryHandler, nameof(primaryHandler));
        }

        var logger = (ILogger?)loggerFactory?.CreateLogger<ScraperClient>() ?? NullLogger.Instance;
        _runtime = new ScraperRuntime(options, timeProvider ?? TimeProvider.System, logger);
        _ownedHttpClient = new HttpClient(primaryHandler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _api = new ApiConnection(_ownedHttpClient, _runtime);
        _starter = new JobStarter(_api, _runtime.Ledger, _runtime.Leases, _runtime.TimeProvider, _runtime.Logger);
    }

    /// <summary>Gets the API address requests go to.</summary>
    public Uri BaseAddress => _runtime.Options.BaseAddress;

    private JobPoller Poller => _runtime.Poller;

    /// <summary>Releases the connection pool the client created, if it created one.</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();

    /// <summary>Returns the client's base address; never the API key.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"{nameof(ScraperClient)} {{ BaseAddress = {BaseAddress} }}";

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

    /// <summary>The polling a wait runs with: a validated copy of the per-call options, or the client's.</summary>
    private PollingSettings ResolvePolling(PollingOptions? polling) =>
        polling is null ? _runtime.Options.Polling : ScraperClientOptionsValidator.Validated(polling, nameof(polling));

    /// <summary>Checks what a request sends on to target sites: never the API key, no negative wait.</summary>
    private void ValidateTargetOptions(IReadOnlyDictionary<string, string>? headers, WaitConfig? waitConfig, string paramName)
    {
        if (headers is not null && headers.Any(h => h.Key.Equals("X-Api-Key", StringComparison.OrdinalIgnoreCase)
            || (h.Value is not null && h.Value.Contains(_runtime.Options.ApiKey))))
        {
            throw new ArgumentException("The headers for target sites contain your API key (or an X-Api-Key header); it must never be sent to another site.", paramName);
        }

        if (waitConfig?.WaitTimeout is < 0)
        {
            throw new ArgumentException("WaitConfig.WaitTimeout cannot be negative.", paramName);
        }
    }

    private async Task<T> GetAsync<T>(string path, string route, JsonTypeInfo<T> responseType, string? resourceId, CancellationToken cancellationToken) =>
        (await _api.SendAsync(new ApiCall(HttpMethod.Get, path, route) { ResourceId = resourceId }, responseType, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, string route, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, RequestKind kind = RequestKind.Default, string? resourceId = null)
    {
        var call = new ApiCall(method, path, route) { Body = ApiConnection.Serialize(body, requestType), Kind = kind, ResourceId = resourceId };
        return (await _api.SendAsync(call, responseType, cancellationToken).ConfigureAwait(false)).Value;
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
