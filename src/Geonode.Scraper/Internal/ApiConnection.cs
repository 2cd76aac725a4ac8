using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>Builds authenticated requests to the base address, sends them, maps errors, and reads JSON bodies from the stream.</summary>
internal sealed class ApiConnection
{
    private const int PrefixBytes = 512;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public ApiConnection(HttpClient http, ResolvedOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        Options = options;
        TimeProvider = timeProvider;
        _logger = logger;
    }

    public ResolvedOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public async Task<ApiResponse<T>> SendAsync<T>(
        HttpMethod method, string relativePath, HttpContent? content, JsonTypeInfo<T>? responseType, RequestKind kind, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, relativePath, content);
        var path = request.RequestUri!.AbsolutePath;
        Log.Sending(_logger, method.Method, path);
        var started = TimeProvider.GetTimestamp();
        using var activity = Telemetry.Source.StartActivity($"{method.Method} {path}", System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("http.request.method", method.Method);
        activity?.SetTag("url.path", path);
        HttpResponseMessage responseMessage;
        try
        {
            responseMessage = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }

        using var response = responseMessage;
        activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Received(_logger, method.Method, path, (int)response.StatusCode, (long)TimeProvider.GetElapsedTime(started).TotalMilliseconds);
        }

        if (!response.IsSuccessStatusCode)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, $"HTTP {(int)response.StatusCode}");
            throw await ErrorMapper.CreateAsync(response, kind, Options.ApiKey, TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        var retryAfter = RetryAfterHeader.Get(response, TimeProvider);
        if (responseType is null)
        {
            return new ApiResponse<T>(default!, retryAfter);
        }

        return new ApiResponse<T>(await ReadJsonAsync(response, responseType, cancellationToken).ConfigureAwait(false), retryAfter);
    }

    public Task<ApiResponse<TResponse>> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string relativePath, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, RequestKind kind, CancellationToken cancellationToken)
    {
        // Bytes, not a stream: the retry handler may have to send the same content again (for a POST only before any byte left).
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType));
        content.Headers.ContentType = JsonMediaType;
        return SendAsync(method, relativePath, content, responseType, kind, cancellationToken);
    }

    /// <summary>Reads <c>/health</c>: 2xx is healthy and 5xx (after retries) unhealthy; other statuses throw as usual.</summary>
    public async Task<HealthStatus> GetHealthAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, relativePath, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is (< 200 or >= 300) and < 500)
        {
            throw await ErrorMapper.CreateAsync(response, RequestKind.Default, Options.ApiKey, TimeProvider, cancellationToken).ConfigureAwait(false);
        }

#if NET5_0_OR_GREATER
        var body = ErrorMapper.Redact(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), Options.ApiKey);
#else
        var body = ErrorMapper.Redact(await response.Content.ReadAsStringAsync().ConfigureAwait(false), Options.ApiKey);
#endif
        string? statusField = null;
        try
        {
            using var doc = JsonDocument.Parse(body ?? string.Empty);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String)
            {
                statusField = s.GetString();
            }
        }
        catch (JsonException)
        {
            // The body's shape is not documented; a plain-text "OK" is as healthy as JSON.
        }

        return new HealthStatus
        {
            IsHealthy = response.IsSuccessStatusCode,
            StatusCode = response.StatusCode,
            Status = statusField,
            RawBody = string.IsNullOrEmpty(body) ? null : (body!.Length > 4096 ? body.Substring(0, 4096) : body),
        };
    }

    public async Task<T> GetAsync<T>(string relativePath, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, relativePath, null, responseType, RequestKind.Default, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Every request goes to the base address, the only place the API key is ever sent.</summary>
    private HttpRequestMessage CreateRequest(HttpMethod method, string relativePath, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(Options.BaseAddress, relativePath)) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Api-Key", Options.ApiKey);
        request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        request.Headers.Accept.Add(AcceptJson);
        return request;
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
#if NET5_0_OR_GREATER
        var raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        var raw = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var stream = new PrefixCapturingStream(raw, PrefixBytes);
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw BadBody(response, stream, $"is not the JSON the SDK expects ({ex.Message})", ex);
        }

        if (value is null)
        {
            throw BadBody(response, stream, "is JSON null", null);
        }

        return value;
    }

    private ScraperResponseException BadBody(HttpResponseMessage response, PrefixCapturingStream stream, string problem, Exception? inner)
    {
        var prefix = stream.Prefix;
        var text = prefix.Count == 0 ? null : ErrorMapper.Redact(Encoding.UTF8.GetString(prefix.Array!, prefix.Offset, prefix.Count), Options.ApiKey);
        var contentType = response.Content.Headers.ContentType?.ToString();
        var request = response.RequestMessage;
        var message = $"{request?.Method} {request?.RequestUri?.AbsolutePath} answered HTTP {(int)response.StatusCode} "
            + $"({contentType ?? "no content type"}), but the body {problem}."
            + (text is null ? " The body was empty." : $" It starts with: {Shorten(text)}");
        return new ScraperResponseException(response.StatusCode, message, inner) { ContentType = contentType, BodyPrefix = text };
    }

    private static string Shorten(string text)
    {
        var oneLine = text.Replace('\r', ' ').Replace('\n', ' ');
        return oneLine.Length <= 120 ? oneLine : oneLine.Substring(0, 120) + "…";
    }
}
