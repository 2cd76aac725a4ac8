#region usings
using FluentAssertions;
using Geonode.Scraper;
using Geonode.Scraper.Emulator;
using Microsoft.Extensions.Time.Testing;
using Xunit;
#endregion

namespace DocsExamples.Testing;

/// <summary>The examples of docs/testing-with-the-emulator.md: tests as a user of the SDK writes them.</summary>
public sealed class TestingExamples
{
    #region testing-in-process
    [Fact]
    public async Task CrawlingASite_ReadsEveryPage()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            QueueTime = TimeSpan.FromMilliseconds(10),   // jobs start and pages finish quickly: the test takes about a second
            PageTime = TimeSpan.FromMilliseconds(10),
        });
        using var client = new ScraperClient(new ScraperClientOptions
        {
            ApiKey = emulator.ApiKey,
            BaseAddress = emulator.BaseAddress,          // http://127.0.0.1:<port>/: plain http is allowed on loopback only
            Polling = { InitialDelay = TimeSpan.FromMilliseconds(50) },
        });

        // The code under test; here, a crawl read while it runs.
        CrawlJobAccepted crawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        List<CrawlPage> pages = [];
        await foreach (CrawlPage page in client.WatchCrawlPagesAsync(crawl.JobId))
        {
            pages.Add(page);
        }

        pages.Should().HaveCount(6);   // the seed and the 5 pages it links to on its own host
        pages.Should().Contain(p => p.Url == "https://docs.example.test/" && p.Data!.Markdown!.StartsWith("# docs.example.test"));
        emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);
    }
    #endregion

    #region testing-faults
    [Fact]
    public async Task ALostAnswerToAPost_StartsTheBatchOnce()
    {
        await using var emulator = await ScraperEmulator.StartAsync();
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });
        emulator.Faults.FailNext("GET /v1/usage", 503, count: 2);           // two 503s in a row: the SDK retries them
        emulator.Faults.DropNext("POST /v1/batch", afterProcessing: true);   // the batch starts, then its answer is lost

        await client.GetUsageAsync();
        Func<Task> start = () => client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/"] });

        await start.Should().ThrowAsync<HttpRequestException>();            // the SDK does not send that POST again...
        emulator.CountRequests("POST", "/v1/batch").Should().Be(1);          // ...so one batch started, billed once
        emulator.CountRequests("GET", "/v1/usage").Should().Be(3);
    }
    #endregion

    #region testing-profiles
    [Fact]
    public async Task FailingAndPartlyFailingSites_AreReported()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(10), PageTime = TimeSpan.FromMilliseconds(10) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });

        // Hosts under .test choose the outcome: *.fail.test fails, *.partial.test fails every 7th page, *.stuck.test never ends...
        Func<Task> extract = () => client.ExtractAsync(new ExtractRequest { Url = "https://shop.fail.test/" });
        await extract.Should().ThrowAsync<ExtractionFailedException>().Where(e => e.IsRetryable == true);

        CrawlJobAccepted crawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.partial.test/", Depth = 3 });
        CrawlJob done = await client.WaitForCrawlAsync(crawl.JobId);
        done.Status.Should().Be(JobStatus.Completed);
        done.FailedPages.Should().Be(4);   // /p/7, /p/14, /p/21 and /p/28 of the 31 pages within depth 3
    }
    #endregion

    #region testing-fake-clock
    [Fact]
    public async Task AnHourLongBatch_IsDoneWhenTheClockSaysSo()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, PageTime = TimeSpan.FromMinutes(20) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });

        var accepted = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] });
        (await client.GetBatchAsync(accepted.JobId)).Status.Should().Be(JobStatus.Queued);   // the clock has not moved

        time.Advance(TimeSpan.FromHours(1));   // no real waiting: the emulator's jobs run on this clock
        BatchJob done = await client.WaitForBatchAsync(accepted.JobId);
        done.Status.Should().Be(JobStatus.Completed);
        done.CompletedUrls.Should().Be(2);
    }
    #endregion
}
