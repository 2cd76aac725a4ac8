using Geonode.Scraper.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>More than 1,000 URLs against the emulator with the account's concurrency limit enforced.</summary>
public sealed class ScrapeManyTests
{
    [Fact]
    public async Task ScrapeManyAsync_5000Urls_ConcurrencyLimit2_EveryIndexOnce_NeverMoreThan2Running_429sWaitedOut()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            QueueTime = TimeSpan.FromMilliseconds(20),
            PageTime = TimeSpan.FromMilliseconds(2),
            Parallelism = 20,
            SlowFactor = 4000,
            ConcurrencyLimit = 2,
            EnforceConcurrencyLimit = true,
        });
        await using var services = Services(emulator);
        var client = services.GetRequiredService<IScraperClient>();

        // Other work of the account holds one of the two slots for 8 s (generous for a loaded machine), so the second batch meets 429 CONCURRENCY_LIMIT.
        var other = await client.StartBatchAsync(new BatchRequest { Urls = ["https://www.slow.test/1"] });
        var urls = Enumerable.Range(0, 5000).Select(i => $"https://site{i % 7}.example.test/p/{i}").ToList();
        var started = new List<string>();

        var items = await client.ScrapeManyAsync(urls, new ScrapeManyOptions
        {
            Polling = EmulatorFixture.FastPolling(),
            BatchStarted = new SyncProgress<BatchJobAccepted>(b => started.Add(b.JobId)),
        }).ToListAsync();

        items.Select(i => i.Index).Should().BeEquivalentTo(Enumerable.Range(0, 5000), "every URL is yielded once");
        items.Should().OnlyContain(i => i.Item.Url == urls[i.Index] && i.Item.Status == JobStatus.Completed);
        started.Should().HaveCount(5, "5,000 URLs make five batches of 1,000");
        emulator.CreatedJobs.Where(j => started.Contains(j.Id)).Sum(j => j.Urls.Count).Should().Be(5000);

        var log = emulator.Requests.ToList();
        log.Should().Contain(r => r.Method == "POST" && r.Path == "/v1/batch" && r.StatusCode == 429, "the limit was met");
        MaxRunning(log, started).Should().BeLessThanOrEqualTo(2);
        emulator.CreatedJobs.Count(j => j.Id != other.JobId).Should().Be(5, "a 429 created nothing, and nothing was started twice");
    }

    [Fact]
    public async Task ScrapeManyAsync_BadInput_ThrowsNamingTheParameter_BeforeAnyRequest()
    {
        await using var emulator = await ScraperEmulator.StartAsync();
        await using var services = Services(emulator);
        var client = services.GetRequiredService<IScraperClient>();

        FluentActions.Invoking(() => client.ScrapeManyAsync(null!)).Should().Throw<ArgumentNullException>().WithParameterName("urls");
        FluentActions.Invoking(() => client.ScrapeManyAsync([])).Should().Throw<ArgumentException>().WithParameterName("urls");
        FluentActions.Invoking(() => client.ScrapeManyAsync(["https://a.example.test/", null!])).Should().Throw<ArgumentException>().WithParameterName("urls").WithMessage("urls[1]*");
        FluentActions.Invoking(() => client.ScrapeManyAsync(["https://a.example.test/", "  "])).Should().Throw<ArgumentException>().WithParameterName("urls");
        FluentActions.Invoking(() => client.ScrapeManyAsync(["https://a.example.test/"], new ScrapeManyOptions { BatchSize = 1001 })).Should().Throw<ArgumentException>().WithParameterName("options");

        emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ScrapeManyAsync_StoppedEarly_StartsNoFurtherBatch()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(20), PageTime = TimeSpan.FromMilliseconds(2), Parallelism = 100 });
        await using var services = Services(emulator);
        var client = services.GetRequiredService<IScraperClient>();
        var urls = Enumerable.Range(0, 30).Select(i => $"https://a.example.test/p/{i}").ToList();

        await foreach (var item in client.ScrapeManyAsync(urls, new ScrapeManyOptions { BatchSize = 10, MaxConcurrentBatches = 1, Polling = EmulatorFixture.FastPolling() }))
        {
            break;
        }

        emulator.CreatedJobs.Should().ContainSingle("leaving the enumeration starts no further batch");
    }

    /// <summary>The most of <paramref name="batches"/> running at once, from the log: a batch runs from the answer that
    /// created it (the n-th 202 of POST /v1/batch is the n-th batch created) to the last read of its status.</summary>
    private static int MaxRunning(List<EmulatorRequest> log, List<string> batches)
    {
        var createdAt = log.Select((r, i) => (r, i)).Where(x => x.r.Method == "POST" && x.r.Path == "/v1/batch" && x.r.StatusCode == 202).Select(x => x.i).ToList();
        var spans = new List<(int Start, int End)>();
        for (var n = 1; n < createdAt.Count; n++)
        {
            var id = batches[n - 1];
            var end = log.FindLastIndex(r => r.Path == "/v1/batch/" + id);
            spans.Add((createdAt[n], end));
        }

        return Enumerable.Range(0, log.Count).Max(i => spans.Count(s => s.Start <= i && i <= s.End));
    }

    private static ServiceProvider Services(ScraperEmulator emulator)
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.BaseAddress = emulator.BaseAddress;
            o.Retry.MaxRetries = 0;   // 429s reach the workflow, which must wait them out itself
            o.Polling = EmulatorFixture.FastPolling();
        });
        return services.BuildServiceProvider();
    }
}
