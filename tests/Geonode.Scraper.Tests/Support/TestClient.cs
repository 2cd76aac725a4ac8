using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Geonode.Scraper.Tests.Support;

/// <summary>Builds a client over MockHttp with a driven fake clock (<see cref="TestClock"/>), no jitter, and no attempt
/// timeout. Run anything that waits through <see cref="Run{T}(Task{T})"/>.</summary>
public sealed class TestClient : IDisposable
{
    public const string ApiKey = "geonode_test_key_0123456789";
    public const string Base = "https://api.test/";

    public TestClient(Action<ScraperClientOptions>? configure = null, HttpMessageHandler? handler = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var options = new ScraperClientOptions
        {
            ApiKey = ApiKey,
            BaseAddress = new Uri(Base),
            AttemptTimeout = Timeout.InfiniteTimeSpan,
        };
        options.Retry.Jitter = 0;
        options.Polling.Jitter = 0;
        configure?.Invoke(options);
        Mock.Fallback.Respond(req => throw new InvalidOperationException($"Unexpected request {req.Method} {req.RequestUri}"));
        Client = new ScraperClient(options, handler ?? new Throwing { InnerHandler = Mock }, Time, logger is null ? null : new SingleLoggerFactory(logger));
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public TestClock Time { get; } = new();

    public ScraperClient Client { get; }

    /// <summary>Every request the mock saw, with its body read while it was still open.</summary>
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answers requests matching method and URL with the given responses in turn (the last one repeats).</summary>
    public void Sequence(HttpMethod method, string url, params Func<HttpResponseMessage>[] responses)
    {
        var index = 0;
        Mock.When(method, url).Respond(async req =>
        {
            await Record(req);
            var i = Math.Min(Interlocked.Increment(ref index) - 1, responses.Length - 1);
            return responses[i]();
        });
    }

    public void Respond(HttpMethod method, string url, Func<HttpResponseMessage> response) => Sequence(method, url, response);

    public async Task Record(HttpRequestMessage req)
    {
        var body = req.Content is null ? null : await req.Content.ReadAsStringAsync();
        lock (Requests)
        {
            Requests.Add(new RecordedRequest(req.Method, req.RequestUri!, req.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), body));
        }
    }

    public static Func<HttpResponseMessage> Json(string json, HttpStatusCode status = HttpStatusCode.OK, TimeSpan? retryAfter = null) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        return response;
    };

    /// <summary>A JSON response with a raw <c>Retry-After</c> value (any text) and optionally a <c>Date</c> header.</summary>
    public static Func<HttpResponseMessage> WithRetryAfter(string json, string retryAfter, HttpStatusCode status = HttpStatusCode.OK, DateTimeOffset? date = null) => () =>
    {
        var response = Json(json, status)();
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        response.Headers.Date = date;
        return response;
    };

    /// <summary>A request that fails as the network would: <see cref="HttpRequestException"/> from the send, after the
    /// server may have received it. (MockHttp never completes a request whose responder throws, so the mock answers with
    /// a marker that a handler around it turns into the exception.)</summary>
    public static Func<HttpResponseMessage> NetworkFailure(string message = "The response ended prematurely.") => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation(Throwing.Marker, message);
        return response;
    };

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, string? body = null, string mediaType = "application/json") => () =>
        new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty, Encoding.UTF8, mediaType) };

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Job(string id, string status, string extra = "") =>
        $$"""{"job_id":"{{id}}","status":"{{status}}","created_at":"2026-09-01T12:00:00Z"{{extra}}}""";

    /// <summary>Runs a call to completion on the fake clock.</summary>
    public Task<T> Run<T>(Task<T> task) => Time.Run(task);

    /// <summary>Runs a call to completion on the fake clock.</summary>
    public Task Run(Task task) => Time.Run(task);

    /// <summary>Reads a whole stream to completion on the fake clock.</summary>
    public Task<List<T>> Run<T>(IAsyncEnumerable<T> items) => Time.Run(ToListAsync(items));

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>Turns a <see cref="TestClient.NetworkFailure"/> marker answer into the exception a broken connection gives.</summary>
public sealed class Throwing : DelegatingHandler
{
    public const string Marker = "X-Test-Network-Failure";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues(Marker, out var message))
        {
            response.Dispose();
            throw new HttpRequestException(message.Single(), new IOException("connection reset by peer"));
        }

        return response;
    }
}

/// <summary>Hands every category the same logger (a <c>FakeLogger</c> in tests).</summary>
public sealed class SingleLoggerFactory(Microsoft.Extensions.Logging.ILogger logger) : Microsoft.Extensions.Logging.ILoggerFactory
{
    public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
    {
    }

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body);
