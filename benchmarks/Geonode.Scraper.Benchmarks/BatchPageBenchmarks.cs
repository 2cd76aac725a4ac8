using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Serialization;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// DESIGN §11: reading a 50-item batch page through the SDK must cost no more time or allocation than the hand-written
/// alternative (<c>GetFromJsonAsync</c> with reflection options and equivalent mutable POCOs, the baseline) and at most 1.1×
/// the time of a bare reflection <c>JsonSerializer.Deserialize</c> of the same bytes; Newtonsoft.Json and
/// <c>JsonDocument.Parse</c> are reported. The HTTP layer is an in-memory handler, so only the client's own work counts.
/// </summary>
[MemoryDiagnoser]
public class BatchPageBenchmarks
{
    private byte[] _payload = [];
    private ScraperClient _sdk = null!;
    private ScraperClient _sdkNoResilience = null!;
    private HttpClient _handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = Encoding.UTF8.GetBytes(Payloads.BatchPage(items: 50, markdownChars: 2_000));
        _sdk = BenchmarkClients.Sdk(_payload);
        _sdkNoResilience = BenchmarkClients.Sdk(_payload, resilience: false);
        _handWritten = BenchmarkClients.HandWritten(_payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _sdkNoResilience.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Description = "SDK GetBatchAsync")]
    public async Task<int> Sdk() => (await _sdk.GetBatchAsync("b1", 1, 50)).Results.Count;

    [Benchmark(Description = "SDK GetBatchAsync, retries and attempt timeout off")]
    public async Task<int> SdkNoResilience() => (await _sdkNoResilience.GetBatchAsync("b1", 1, 50)).Results.Count;

    [Benchmark(Baseline = true, Description = "hand-written GetFromJsonAsync<T> (reflection, POCOs)")]
    public async Task<int> HandWritten() =>
        (await _handWritten.GetFromJsonAsync<BatchJobPoco>("v1/batch/b1?page=1&page_size=50", BenchmarkClients.ReflectionOptions))!.Results.Count;

    [Benchmark(Description = "hand-written Newtonsoft.Json (stream, POCOs)")]
    public async Task<int> Newtonsoft()
    {
        using var stream = await _handWritten.GetStreamAsync("v1/batch/b1?page=1&page_size=50");
        using var reader = new global::Newtonsoft.Json.JsonTextReader(new StreamReader(stream));
        return BenchmarkClients.Newtonsoft.Deserialize<BatchJobPoco>(reader)!.Results.Count;
    }

    [Benchmark(Description = "bare JsonSerializer.Deserialize of the bytes (reflection, POCOs)")]
    public int DeserializeReflection() => JsonSerializer.Deserialize<BatchJobPoco>(_payload, BenchmarkClients.ReflectionOptions)!.Results.Count;

    [Benchmark(Description = "bare JsonSerializer.Deserialize of the bytes (SDK models, generated metadata: init path)")]
    public int DeserializeSdkModelsGenerated() => JsonSerializer.Deserialize(_payload, Internal.ScraperJsonContext.Default.BatchJob)!.Results.Count;

    [Benchmark(Description = "bare JsonSerializer.Deserialize of the bytes (SDK models, the SDK's page metadata)")]
    public int DeserializeSdkModels() => JsonSerializer.Deserialize(_payload, Internal.ModelJson.BatchJob)!.Results.Count;

    [Benchmark(Description = "JsonDocument.Parse of the bytes")]
    public int JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(_payload);
        return doc.RootElement.GetProperty("results").GetArrayLength();
    }
}

/// <summary>One status poll: the fixture a running job answers with (one result), through the SDK and by hand.</summary>
[MemoryDiagnoser]
public class PollRoundTripBenchmarks
{
    private ScraperClient _sdkBatch = null!;
    private ScraperClient _sdkCrawl = null!;
    private HttpClient _handBatch = null!;
    private HttpClient _handCrawl = null!;

    [GlobalSetup]
    public void Setup()
    {
        var batch = Payloads.Fixture("batch-job-processing.json");
        var crawl = Payloads.Fixture("crawl-job-processing.json");
        _sdkBatch = BenchmarkClients.Sdk(batch);
        _sdkCrawl = BenchmarkClients.Sdk(crawl);
        _handBatch = BenchmarkClients.HandWritten(batch);
        _handCrawl = BenchmarkClients.HandWritten(crawl);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdkBatch.Dispose();
        _sdkCrawl.Dispose();
        _handBatch.Dispose();
        _handCrawl.Dispose();
    }

    [Benchmark(Description = "SDK GetBatchAsync status poll")]
    public async Task<int> SdkBatch() => (await _sdkBatch.GetBatchAsync("b1")).CompletedUrls;

    [Benchmark(Baseline = true, Description = "hand-written batch status poll")]
    public async Task<int> HandWrittenBatch() =>
        (await _handBatch.GetFromJsonAsync<BatchJobPoco>("v1/batch/b1?page=1&page_size=10", BenchmarkClients.ReflectionOptions))!.CompletedUrls;

    [Benchmark(Description = "SDK GetCrawlAsync status poll")]
    public async Task<int> SdkCrawl() => (await _sdkCrawl.GetCrawlAsync("c1")).CompletedPages;

    [Benchmark(Description = "hand-written crawl status poll")]
    public async Task<int> HandWrittenCrawl() =>
        (await _handCrawl.GetFromJsonAsync<CrawlJobPoco>("v1/crawl/c1?page=1&page_size=10", BenchmarkClients.ReflectionOptions))!.CompletedPages;
}

/// <summary>The clients the read benchmarks compare, each over an in-memory handler that answers with fixed bytes.</summary>
internal static class BenchmarkClients
{
    /// <summary>What a developer writes for this API: reflection, snake_case names.</summary>
    public static readonly JsonSerializerOptions ReflectionOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static readonly global::Newtonsoft.Json.JsonSerializer Newtonsoft = global::Newtonsoft.Json.JsonSerializer.Create(new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new SnakeCaseNamingStrategy() },
    });

    public static ScraperClient Sdk(byte[] payload, bool resilience = true)
    {
        var options = new ScraperClientOptions { ApiKey = "bench", BaseAddress = new Uri("https://api.test/") };
        if (!resilience)
        {
            options.AttemptTimeout = Timeout.InfiniteTimeSpan;
            options.Retry.MaxRetries = 0;
        }

        return new ScraperClient(options, new StaticHandler(payload));
    }

    public static HttpClient HandWritten(byte[] payload) => new(new StaticHandler(payload)) { BaseAddress = new Uri("https://api.test/") };
}
