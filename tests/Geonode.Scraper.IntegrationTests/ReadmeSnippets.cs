using Geonode.Scraper.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>The C# snippets of the emulator's README, compiled and run.</summary>
public sealed class ReadmeSnippets
{
    [Fact]
    public async Task InProcess()
    {
        #region emulator-in-process
        await using var emulator = await ScraperEmulator.StartAsync();   // 127.0.0.1, a free port, key "emulator-key"

        var services = new ServiceCollection();
        services.AddGeonodeScraper(options =>
        {
            options.ApiKey = emulator.ApiKey;
            options.BaseAddress = emulator.BaseAddress;   // plain http is allowed on loopback only
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IScraperClient>();

        var page = await client.ExtractAsync(new ExtractRequest { Url = "https://docs.example.test/intro" });
        Console.WriteLine(page.Data.Markdown);   // deterministic content generated from the URL
        #endregion
        page.Data.Markdown.Should().StartWith("# docs.example.test/intro");
    }

    [Fact]
    public async Task Faults()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(10), PageTime = TimeSpan.FromMilliseconds(10) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });
        var accepted = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/"] });
        var jobId = accepted.JobId;

        #region emulator-faults
        emulator.Faults.FailNext("GET /v1/batch/*", 503, count: 2);                        // a burst the SDK retries
        emulator.Faults.FailNext("POST /v1/crawl", 429, retryAfter: TimeSpan.FromSeconds(1));
        emulator.Faults.FailNextWithRetryAfter("GET /v1/usage", 429, "garbage");          // Retry-After exactly as given
        emulator.Faults.FailNextWithRetryAfter("GET /v1/usage", 503, "Wed, 21 Oct 2026 07:28:00 GMT",
            date: new DateTimeOffset(2026, 10, 21, 7, 0, 0, TimeSpan.Zero));               // an HTTP-date and a skewed Date header
        emulator.Faults.DropNext("POST /v1/batch", afterProcessing: true);                 // the job starts, the answer is lost
        emulator.Faults.DelayNext("* /v1/extract/*", TimeSpan.FromSeconds(2));
        emulator.Faults.TrickleNext("GET /v1/crawl/*", bytesPerChunk: 64, interval: TimeSpan.FromMilliseconds(200));
        emulator.Faults.TruncateNext("GET /v1/crawl/*");                                   // half a JSON body
        emulator.Faults.HtmlNext("GET /v1/usage");                                         // a proxy's HTML page with 200
        emulator.Faults.EmptyNext("GET /v1/statistics");                                   // 200 with no body at all
        emulator.Faults.WrongContentTypeNext("GET /v1/statistics", "text/plain");
        emulator.Faults.StatusNext("GET /v1/extract/*", "canceled", count: 3);             // another spelling, or an unknown status

        var batch = await client.GetBatchAsync(jobId);
        int posts = emulator.CountRequests("POST", "/v1/batch");
        IReadOnlyCollection<EmulatorRequest> log = emulator.Requests;   // method, path, query, status, fault applied
        emulator.Faults.Clear();
        #endregion

        batch.JobId.Should().Be(jobId);
        posts.Should().Be(1);
        log.Where(r => r.Path.StartsWith("/v1/batch/", StringComparison.Ordinal)).Select(r => r.Fault).Should().Equal("http:503", "http:503", null);
    }

    [Fact]
    public async Task Profiles()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(10), PageTime = TimeSpan.FromMilliseconds(10) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });

        #region emulator-profiles
        // By host: this job answers two status reads, then 404s and is gone from the lists.
        var vanishing = await client.StartBatchAsync(new BatchRequest { Urls = ["https://shop.vanish.test/1"] });

        // Per request: the next crawl started gets counters that go backwards; the next 5 batch reads are shuffled.
        emulator.Faults.UseProfile("POST /v1/crawl", EmulatorProfile.CountersBackwards);
        emulator.Faults.UseProfile("GET /v1/batch/*", EmulatorProfile.ShuffledResults, count: 5);

        // A soak test: 5 % of requests get a random fault, reproducibly for a seed; then count the jobs really started.
        emulator.Faults.Random(rate: 0.05, seed: 42, EmulatorFaultKind.ServiceUnavailable, EmulatorFaultKind.DropAfterProcessing);
        // ... run the code under test ...
        emulator.Faults.Clear();
        int batchesStarted = emulator.CreatedJobs.Count(j => j.Kind == "batch");
        #endregion

        vanishing.JobId.Should().NotBeNullOrEmpty();
        batchesStarted.Should().Be(1);
    }
}
