using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// DESIGN §11: reading a 50-item batch page through the SDK must cost no more time or allocation than the obvious
/// hand-written alternative (<c>GetFromJsonAsync</c> with reflection-based options) and stay within 1.5× of a bare
/// <c>JsonDocument.Parse</c> of the same bytes. The HTTP layer is an in-memory handler, so only the client's own work counts.
/// </summary>
[MemoryDiagnoser]
public class BatchPageBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private byte[] _payload = [];
    private ScraperClient _sdk = null!;
    private ScraperClient _sdkNoResilience = null!;
    private HttpClient _handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = Encoding.UTF8.GetBytes(Payloads.BatchPage(items: 50, markdownChars: 2_000));
        var options = new ScraperClientOptions { ApiKey = "bench", BaseAddress = new Uri("https://api.test/") };
        _sdk = new ScraperClient(options, new StaticHandler(_payload));
        var bare = new ScraperClientOptions { ApiKey = "bench", BaseAddress = new Uri("https://api.test/"), AttemptTimeout = Timeout.InfiniteTimeSpan };
        bare.Retry.MaxRetries = 0;
        _sdkNoResilience = new ScraperClient(bare, new StaticHandler(_payload));
        _handWritten = new HttpClient(new StaticHandler(_payload)) { BaseAddress = new Uri("https://api.test/") };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _sdkNoResilience.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Description = "SDK GetBatchAsync (source-generated, streamed)")]
    public async Task<int> Sdk() => (await _sdk.GetBatchAsync("b1", 1, 50)).Results.Count;

    [Benchmark(Description = "SDK, retries and attempt timeout off")]
    public async Task<int> SdkNoResilience() => (await _sdkNoResilience.GetBatchAsync("b1", 1, 50)).Results.Count;

    [Benchmark(Description = "Deserialize bytes, source-generated")]
    public int DeserializeSourceGenerated() => JsonSerializer.Deserialize(_payload, Geonode.Scraper.Internal.ScraperJsonContext.Default.BatchJob)!.Results.Count;

    [Benchmark(Description = "Deserialize bytes, reflection")]
    public int DeserializeReflection() => JsonSerializer.Deserialize<BatchJob>(_payload, ReflectionOptions)!.Results.Count;

    [Benchmark(Description = "HttpClient.GetFromJsonAsync (reflection)")]
    public async Task<int> HandWritten() => (await _handWritten.GetFromJsonAsync<BatchJob>("v1/batch/b1?page=1&page_size=50", ReflectionOptions))!.Results.Count;

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse of the bytes")]
    public int JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(_payload);
        return doc.RootElement.GetProperty("results").GetArrayLength();
    }

    /// <summary>Answers every request with the same JSON bytes, as a server would.</summary>
    private sealed class StaticHandler(byte[] payload) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
