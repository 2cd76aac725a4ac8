using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Geonode.Scraper.Tests.Support;

/// <summary>Builds a client over MockHttp with deterministic time, no jitter, and no attempt timeout.</summary>
public sealed class TestClient : IDisposable
{
    public const string ApiKey = "geonode_test_key_0123456789";
    public const string Base = "https://api.test/";

    public TestClient(Action<ScraperClientOptions>? configure = null, HttpMessageHandler? handler = null)
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
        Client = new ScraperClient(options, handler ?? Mock, Time);
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public FakeTimeProvider Time { get; } = new();

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

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, string? body = null, string mediaType = "application/json") => () =>
        new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty, Encoding.UTF8, mediaType) };

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Job(string id, string status, string extra = "") =>
        $$"""{"job_id":"{{id}}","status":"{{status}}","created_at":"2026-09-01T12:00:00Z"{{extra}}}""";

    public void Dispose() => Client.Dispose();
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body);
