using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.Emulator.Tests.Support;

/// <summary>An emulator and a raw HttpClient that speaks to it as API.md describes (no SDK involved).</summary>
public sealed class Api : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private Api(ScraperEmulator emulator, FakeTimeProvider? clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", emulator.ApiKey);
    }

    public ScraperEmulator Emulator { get; }

    /// <summary>The fake clock, when the emulator runs on one.</summary>
    public FakeTimeProvider? Clock { get; }

    public HttpClient Http { get; }

    /// <summary>Starts an emulator on a fake clock at <see cref="Epoch"/>: job lifecycles move only when the test advances it.</summary>
    public static async Task<Api> StartAsync(Action<EmulatorOptions>? configure = null, bool fakeClock = true)
    {
        var clock = fakeClock ? new FakeTimeProvider(Epoch) : null;
        var options = new EmulatorOptions
        {
            QueueTime = TimeSpan.FromSeconds(1),
            PageTime = TimeSpan.FromSeconds(1),
            TimeProvider = clock ?? TimeProvider.System,
        };
        configure?.Invoke(options);
        return new Api(await ScraperEmulator.StartAsync(options), clock);
    }

    public void Advance(TimeSpan by) => Clock!.Advance(by);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return await Answer.ReadAsync(response);
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<Answer> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<Answer> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    /// <summary>Starts an asynchronous extraction and returns its id.</summary>
    public async Task<string> StartExtractAsync(string url)
    {
        var answer = await PostAsync("/v1/extract", new JsonObject { ["url"] = url, ["processing_mode"] = "async" });
        answer.Status.Should().Be(HttpStatusCode.Accepted, answer.Text);
        return answer.Json!["job_id"]!.GetValue<string>();
    }

    public async Task<string> StartBatchAsync(params string[] urls)
    {
        var answer = await PostAsync("/v1/batch", new JsonObject { ["urls"] = new JsonArray(urls.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()) });
        answer.Status.Should().Be(HttpStatusCode.Accepted, answer.Text);
        return answer.Json!["job_id"]!.GetValue<string>();
    }

    public async Task<string> StartCrawlAsync(string url, int depth = 2, int limit = 100)
    {
        var answer = await PostAsync("/v1/crawl", new JsonObject { ["url"] = url, ["depth"] = depth, ["limit"] = limit });
        answer.Status.Should().Be(HttpStatusCode.Accepted, answer.Text);
        return answer.Json!["job_id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>A response read completely: status, headers, raw text and the JSON it holds (null for an empty or non-JSON body).</summary>
public sealed record Answer(HttpStatusCode Status, string Text, JsonNode? Json, string? ContentType, long? ContentLength, IReadOnlyDictionary<string, string> Headers)
{
    public static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer(response.StatusCode, text, json, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength, headers);
    }

    public string Get(string field) => Json![field]!.GetValue<string>();

    public int Int(string field) => Json![field]!.GetValue<int>();

    public JsonArray Array(string field) => Json![field]!.AsArray();
}
