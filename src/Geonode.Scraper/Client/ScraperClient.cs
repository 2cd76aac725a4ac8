using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper;

/// <summary>
/// The client of the Geonode Scraper API: every endpoint, typed, with retries, job polling, typed errors, and one operation
/// object per job (<see cref="StartBatchOperationAsync"/>, <see cref="GetBatchOperation"/> and their siblings).
/// Thread-safe; create one and reuse it (or inject <see cref="IScraperClient"/> after <c>AddGeonodeScraper</c>, which
/// registers one per container).
/// </summary>
public sealed partial class ScraperClient : IScraperClient, IDisposable
{
    private readonly OperationRuntime _runtime;
    private readonly ResolvedOptions _options;
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

    /// <summary>Used by <c>AddGeonodeScraper</c>: the container's runtime, whose connection takes an <see cref="HttpClient"/>
    /// from <c>IHttpClientFactory</c> per call.</summary>
    internal ScraperClient(OperationRuntime runtime, ResolvedOptions options)
    {
        _runtime = runtime;
        _options = options;
    }

    private ScraperClient(ResolvedOptions options, HttpMessageHandler? primaryHandler, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        if (primaryHandler is null)
        {
            primaryHandler = HttpHandlers.CreatePrimary(options.Connection);
        }
        else
        {
            HttpHandlers.DisableAutoRedirect(primaryHandler, nameof(primaryHandler));
        }

        _options = options;
        _ownedHttpClient = new HttpClient(primaryHandler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var http = _ownedHttpClient;
        _runtime = ClientComposition.Compose(options, () => http, timeProvider ?? TimeProvider.System, (ILogger?)loggerFactory?.CreateLogger<ScraperClient>() ?? NullLogger.Instance, new ClientServices { Ledger = options.JobLedger });
    }

    /// <summary>Gets the API address requests go to.</summary>
    public Uri BaseAddress => _options.Connection.BaseAddress;

    private ApiConnection Api => _runtime.Api;

    /// <summary>Releases the connection pool the client created, if it created one, and gives up the leases this process
    /// holds in the job ledger.</summary>
    public void Dispose()
    {
        _runtime.Leases?.Dispose();
        _ownedHttpClient?.Dispose();
    }

    /// <summary>Returns the client's base address; never the API key.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"{nameof(ScraperClient)} {{ BaseAddress = {BaseAddress} }}";

    private static string RequireKey(string apiKey)
    {
        Guard.NotNullOrWhiteSpace(apiKey);
        return apiKey;
    }

    private static string JobPath(string prefix, string jobId, string paramName) => JobPaths.Of(prefix, jobId, paramName);

    private async Task<T> GetAsync<T>(string path, string route, JsonTypeInfo<T> responseType, string? resourceId, CancellationToken cancellationToken) =>
        (await Api.SendAsync(new ApiCall(HttpMethod.Get, path, route) { ResourceId = resourceId }, responseType, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, string route, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, RequestKind kind = RequestKind.Default, string? resourceId = null)
    {
        var call = new ApiCall(method, path, route) { Body = ApiConnection.Serialize(body, requestType), Kind = kind, ResourceId = resourceId };
        return (await Api.SendAsync(call, responseType, cancellationToken).ConfigureAwait(false)).Value;
    }
}
