using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Sends API calls: builds authenticated requests to the base address, runs each attempt (send, then read and deserialize
/// the body from the stream) inside the resilience pipeline, follows same-origin redirects itself, and turns error
/// responses into typed exceptions. The only place requests are sent and the API key is added.
/// </summary>
internal sealed class ApiConnection
{
    private const int PrefixBytes = 512;
    private const int MaxRedirects = 5;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <summary>The body of a POST the API takes without one: <c>SocketsHttpHandler</c> sends a request that has no body
    /// again by itself when a connection closes before any answer, which a POST must never be.</summary>
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly Func<HttpClient> _http;
    private readonly Action<object, JsonTypeInfo>? _checkShape;
    private readonly ResiliencePipeline<HttpResponseMessage> _retrying;
    private readonly ResiliencePipeline<HttpResponseMessage> _singleAttempt;

    /// <param name="http">Gives the <see cref="HttpClient"/> to send with: the client's own, or a new one of
    /// <c>IHttpClientFactory</c> per call (cheap: its handlers are pooled and rotated by the factory).</param>
    /// <param name="options">The connection's settings.</param>
    /// <param name="timeProvider">The clock of retries and attempt timeouts.</param>
    /// <param name="logger">Where request logs go.</param>
    /// <param name="checkShape">Checks a read answer against its model (required members present), throwing
    /// <see cref="JsonException"/> when it is not the model's shape; <see langword="null"/> for no check.</param>
    public ApiConnection(Func<HttpClient> http, ConnectionSettings options, TimeProvider timeProvider, ILogger logger, Action<object, JsonTypeInfo>? checkShape = null)
    {
        _http = http;
        _checkShape = checkShape;
        Options = options;
        TimeProvider = timeProvider;
        Logger = logger;
        _retrying = ScraperResilience.Build(options, timeProvider, logger, retries: true);
        _singleAttempt = ScraperResilience.Build(options, timeProvider, logger, retries: false);
    }

    public ConnectionSettings Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Sends a call and reads its JSON answer.</summary>
    public Task<ApiResponse<T>> SendAsync<T>(ApiCall call, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        ExecuteAsync(call, (response, ct) => ReadJsonAsync(response, responseType, ct), static r => r.IsSuccessStatusCode, cancellationToken);

    /// <summary>Sends a call whose answer has no body the SDK needs (a delete).</summary>
    public Task<ApiResponse<bool>> SendAsync(ApiCall call, CancellationToken cancellationToken) =>
        ExecuteAsync(call, static (_, _) => Task.FromResult(true), static r => r.IsSuccessStatusCode, cancellationToken);

    /// <summary>Serializes <paramref name="body"/> and sends the call. Bytes, not a stream: a retry sends them again.</summary>
    public static byte[] Serialize<TRequest>(TRequest body, JsonTypeInfo<TRequest> requestType) =>
        JsonSerializer.SerializeToUtf8Bytes(body, requestType);

    /// <summary>Sends a call and reads its answer with <paramref name="read"/>: an answer <paramref name="accept"/> refuses
    /// becomes the typed error as usual.</summary>
    public Task<ApiResponse<T>> SendAsync<T>(ApiCall call, Func<HttpResponseMessage, CancellationToken, Task<T>> read, Func<HttpResponseMessage, bool> accept, CancellationToken cancellationToken) =>
        ExecuteAsync(call, read, accept, cancellationToken);

    /// <summary>Runs the call's attempts in the pipeline; <paramref name="read"/> reads an accepted response inside the
    /// attempt, so the attempt timeout covers the body and a body cut short is retried like any transient failure.</summary>
    private async Task<ApiResponse<T>> ExecuteAsync<T>(
        ApiCall call, Func<HttpResponseMessage, CancellationToken, Task<T>> read, Func<HttpResponseMessage, bool> accept, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity(call.SpanName, ActivityKind.Client);
        activity?.SetTag("http.request.method", call.Method.Method);
        activity?.SetTag("url.template", call.Route);
        if (call.ResourceId is not null)
        {
            activity?.SetTag("geonode.resource.id", call.ResourceId);
        }

        var attempt = new Attempt<T>(this, call, read, accept);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ScraperResilience.CallKey, call);
        context.Properties.Set(ScraperResilience.StartedKey, TimeProvider.GetTimestamp());
        Outcome<HttpResponseMessage> outcome;
        try
        {
            var pipeline = call.Retry ? _retrying : _singleAttempt;
            outcome = await pipeline.ExecuteOutcomeAsync(static (ctx, a) => a.RunAsync(ctx.CancellationToken), context, attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            var translated = Translate(call, attempt, exception);
            if (ReferenceEquals(translated, exception))
            {
                ExceptionDispatchInfo.Capture(exception).Throw();
            }

            throw translated;
        }

        using var response = outcome.Result!;
        activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        if (attempt.Error is { } error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, $"HTTP {(int)response.StatusCode}");
            throw error;
        }

        return new ApiResponse<T>(attempt.Value!, RetryAfterHeader.Get(response, TimeProvider), response.Headers.Date);
    }

    private Exception Translate<T>(ApiCall call, Attempt<T> attempt, Exception exception) =>
        call.IsPost && attempt.LastMayHaveArrived ? UnknownOutcome.Mark(TranslateCore(call, attempt, exception)) : TranslateCore(call, attempt, exception);

    private Exception TranslateCore<T>(ApiCall call, Attempt<T> attempt, Exception exception)
    {
        var postNote = call.IsPost && attempt.PossiblyDelivered > 0
            ? " The server may have received it, so it was not sent again (a second POST could start and bill a second job)."
            : string.Empty;
        switch (exception)
        {
            case TimeoutRejectedException timeout:
                return new TimeoutException(
                    $"{call.Method} {call.Route} did not complete within the attempt timeout of {Durations.Format(Options.AttemptTimeout)}.{postNote}",
                    timeout);
            case IOException io when attempt.StatusCode is null:
                return new HttpRequestException($"{call.Method} {call.Route} failed: the connection broke ({io.Message}).{postNote}", io);
            case IOException io:
                // Headers arrived, then the body broke off: an unreadable response, not a network error of the caller's.
                return new ScraperResponseException(
                    attempt.StatusCode ?? HttpStatusCode.OK,
                    $"{call.Method} {call.Route} answered HTTP {(int)(attempt.StatusCode ?? HttpStatusCode.OK)}, but the response body was cut short ({io.Message}).{postNote}",
                    io);
            default:
                return exception;
        }
    }

    /// <summary>Every request goes to the base address, the only place the API key is ever sent.</summary>
    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? body)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is null && method == HttpMethod.Post)
        {
            body = EmptyObject;
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        request.Headers.TryAddWithoutValidation("X-Api-Key", Options.ApiKey);
        request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "application/json"); // unparsed: no header collection per request
        return request;
    }

    /// <summary>Sends, following redirects only within the API's own origin: the key never leaves it.</summary>
    private async Task<HttpResponseMessage> SendFollowingSameOriginRedirectsAsync(ApiCall call, CancellationToken cancellationToken)
    {
        var method = call.Method;
        var body = call.Body;
        var uri = new Uri(Options.BaseAddress, call.Path);
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            using (var request = CreateRequest(method, uri, body))
            {
                response = await _http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }

            if (response.RequestMessage?.RequestUri is { } sent && !SameOrigin(sent))
            {
                // Only a handler that follows redirects by itself gets here (one the SDK could not see or configure).
                response.Dispose();
                throw new InvalidOperationException(
                    $"The HTTP handler followed a redirect from the API to {sent.GetLeftPart(UriPartial.Authority)}, which may have received the API key. Turn off automatic redirects on your primary handler (AllowAutoRedirect = false).");
            }

            var status = (int)response.StatusCode;
            if (hop >= MaxRedirects || status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
            var sameOrigin = SameOrigin(target);

            // A POST keeps its method only on 307/308; anything that would turn it into another request is not followed.
            if (!sameOrigin || (method == HttpMethod.Post && status is not (307 or 308)))
            {
                return response;
            }

            response.Dispose();
            if (status == 303)
            {
                method = HttpMethod.Get;
                body = null;
            }

            uri = target;
        }
    }

    private bool SameOrigin(Uri uri) =>
        Uri.Compare(uri, Options.BaseAddress, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

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
            if (value is not null)
            {
                _checkShape?.Invoke(value, responseType);
            }
        }
        catch (JsonException ex)
        {
            throw BadBody(response, stream, $"is not the JSON the SDK expects ({ex.Message})", ex);
        }

        return value ?? throw BadBody(response, stream, "is JSON null", null);
    }

    public static async Task<string?> ReadTextAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
#if NET5_0_OR_GREATER
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        var buffer = new byte[maxBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total == 0 ? null : Encoding.UTF8.GetString(buffer, 0, total);
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

    /// <summary>The state of one call across its attempts; each attempt overwrites what the previous one read.</summary>
    private sealed class Attempt<T>(ApiConnection owner, ApiCall call, Func<HttpResponseMessage, CancellationToken, Task<T>> read, Func<HttpResponseMessage, bool> accept)
    {
        public T? Value { get; private set; }

        public ScraperApiException? Error { get; private set; }

        public HttpStatusCode? StatusCode { get; private set; }

        /// <summary>Gets how many attempts may have reached the server (all but those that failed to connect).</summary>
        public int PossiblyDelivered { get; private set; }

        /// <summary>Gets a value indicating whether the last attempt may have reached the server: it failed after connecting, or
        /// its answer arrived but could not be read.</summary>
        public bool LastMayHaveArrived { get; private set; }

        public async ValueTask<Outcome<HttpResponseMessage>> RunAsync(CancellationToken cancellationToken)
        {
            Value = default;
            Error = null;
            StatusCode = null;
            LastMayHaveArrived = false;
            var logger = owner.Logger;
            var method = new KeyValuePair<string, object?>("http.request.method", call.Method.Method);
            Log.Sending(logger, call.Method.Method, call.Route, call.ResourceId);
            var started = owner.TimeProvider.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await owner.SendFollowingSameOriginRedirectsAsync(call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (!ScraperResilience.NeverSent(ex))
                {
                    PossiblyDelivered++;
                    LastMayHaveArrived = true;
                }

                Telemetry.Requests.Add(1, method, new KeyValuePair<string, object?>("error.type", ex.GetType().Name));
                return Outcome.FromException<HttpResponseMessage>(ex);
            }

            PossiblyDelivered++;
            LastMayHaveArrived = true;
            StatusCode = response.StatusCode;
            if (Telemetry.Requests.Enabled)
            {
                // Guarded: the status code is boxed for the tag even when nobody listens.
                Telemetry.Requests.Add(1, method, new KeyValuePair<string, object?>("http.response.status_code", (int)response.StatusCode));
            }
            try
            {
                if (accept(response))
                {
                    Value = await read(response, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Error = await ErrorMapper.CreateAsync(response, call.Kind, owner.Options.ApiKey, owner.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                response.Dispose();
                return Outcome.FromException<HttpResponseMessage>(ex);
            }

            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.Received(logger, call.Method.Method, call.Route, (int)response.StatusCode, (long)owner.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
            }

            return Outcome.FromResult(response);
        }
    }
}
