using Geonode.Scraper.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>The job ledger over real sockets: a POST whose answer is lost after the emulator acted is never sent again, the
/// job it started is found on the list, and what the ledger file holds.</summary>
public sealed class LedgerTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-ledger-").FullName;
    private ScraperEmulator _emulator = null!;
    private FileJobLedger _ledger = null!;
    private ScraperClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(30), PageTime = TimeSpan.FromMilliseconds(10), Parallelism = 50 });
        _ledger = new FileJobLedger(Path.Combine(_folder, "jobs.jsonl"));
        _client = new ScraperClient(new ScraperClientOptions
        {
            ApiKey = _emulator.ApiKey,
            BaseAddress = _emulator.BaseAddress,
            Polling = EmulatorFixture.FastPolling(),
            Retry = { BaseDelay = TimeSpan.FromMilliseconds(20) },
            JobLedger = _ledger,
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task StartCrawlAsync_AnswerLostAfterTheJobStarted_ReturnsThatJobWithoutSendingAgain()
    {
        _emulator.Faults.DropNext("POST /v1/crawl", afterProcessing: true);

        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });

        _emulator.CountRequests("POST", "/v1/crawl").Should().Be(1, "a POST that may have arrived is never sent again");
        accepted.JobId.Should().Be(_emulator.CreatedJobs.Should().ContainSingle().Subject.Id);
        (await _ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().Be(accepted.JobId);
    }

    [Fact]
    public async Task RetryFailedItemsAsync_WithALedger_ReRunsWithTheRecordedRequest_IncludingWhatTheStatusDoesNotEcho()
    {
        // flaky.test fails a page the first time it is extracted; extract_links is not echoed by a batch's status.
        var original = new BatchRequest { Urls = ["https://a.flaky.test/1", "https://a.flaky.test/2"], ExtractLinks = true };
        var source = await _client.StartBatchAsync(original);
        (await _client.WaitForBatchAsync(source.JobId)).FailedUrls.Should().Be(2);

        var retry = await _client.GetBatchOperation(source.JobId).RerunFailedAsync();

        retry.SettingsSource.Should().Be(RerunSettingsSource.Recorded);
        retry.FailedUrls.Should().Equal(original.Urls);
        var rerun = await _client.WatchBatchItemsAsync(retry.Batches.Single().JobId).ToListAsync();
        rerun.Should().HaveCount(2).And.OnlyContain(i => i.Data != null && i.Data.Links != null && i.Data.Links.Count > 0, "the recorded request asked for links");
    }

    [Fact]
    public async Task StartBatchAsync_AnswerLostAfterTheJobStarted_FoundByItsUrlCount()
    {
        await _client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] });
        _emulator.Faults.DropNext("POST /v1/batch", afterProcessing: true);

        var accepted = await _client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2", "https://a.example.test/3"] });

        _emulator.CountRequests("POST", "/v1/batch").Should().Be(2);
        accepted.JobId.Should().Be(_emulator.CreatedJobs.Single(j => j.Urls.Count == 3).Id);
        accepted.AcceptedUrls.Should().Be(3);
    }

    [Fact]
    public async Task StartCrawlAsync_AnswerLostAndTwoJobsMatch_ThrowsUnknownOutcomeListingBoth()
    {
        var earlier = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        _emulator.Faults.DropNext("POST /v1/crawl", afterProcessing: true);

        var ex = (await FluentActions.Awaiting(() => _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 }))
            .Should().ThrowAsync<ScraperUnknownOutcomeException>()).Which;

        _emulator.CountRequests("POST", "/v1/crawl").Should().Be(2);
        ex.Candidates.Select(c => c.JobId).Should().BeEquivalentTo(_emulator.CreatedJobs.Select(j => j.Id)).And.Contain(earlier.JobId);
        ex.InnerException.Should().BeOfType<HttpRequestException>();
        ex.Message.Should().Contain("2 matching jobs");
        (await _ledger.ListInFlightAsync()).Should().Contain(e => e.EntryId == ex.Entry.EntryId && e.JobId == null, "its outcome is still unknown");
    }

    [Fact]
    public async Task StartCrawlAsync_ConnectionDroppedBeforeTheServerActed_ThrowsUnknownOutcomeWithNoCandidate()
    {
        _emulator.Faults.DropNext("POST /v1/crawl");

        var ex = (await FluentActions.Awaiting(() => _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/" }))
            .Should().ThrowAsync<ScraperUnknownOutcomeException>()).Which;

        ex.Candidates.Should().BeEmpty();
        _emulator.CreatedJobs.Should().BeEmpty();
        _emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);
    }

    [Fact]
    public async Task StartBatchOperationAsync_SameKeyManyTimesAtOnceInOneClient_OnePostAndEveryStartGetsItsJob()
    {
        // One client is one owner in the ledger: its concurrent starts of a key (a message delivered twice, a retried HTTP
        // request) must still send the POST once, not each believe it owns the claim.
        var request = new BatchRequest { Urls = ["https://a.example.test/order/1", "https://a.example.test/order/2"] };
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var starts = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return (await _client.StartBatchOperationAsync(request, new JobStartOptions { IdempotencyKey = "order-1" })).JobId;
        })).ToArray();
        go.SetResult();
        var jobIds = await Task.WhenAll(starts).WaitAsync(TimeSpan.FromSeconds(30));

        _emulator.CountRequests("POST", "/v1/batch").Should().Be(1);
        jobIds.Distinct().Should().ContainSingle().Which.Should().Be(_emulator.CreatedJobs.Should().ContainSingle().Subject.Id);
        (await _ledger.FindEntryAsync("order-1"))!.JobId.Should().Be(jobIds[0]);
    }

    [Fact]
    public async Task StartCrawlAsync_Refused_IsRecordedAsNotStarted()
    {
        await FluentActions.Awaiting(() => _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 10 }))
            .Should().ThrowAsync<ScraperApiException>();   // beyond the emulated plan's depth

        (await _ledger.ListInFlightAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Ledger_FromDependencyInjection_RecordsEveryKindAndEndsThemWithTheirWaits()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IJobLedger>(_ledger);
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = _emulator.ApiKey;
            o.BaseAddress = _emulator.BaseAddress;
            o.Polling = EmulatorFixture.FastPolling();
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IScraperClient>();

        var batch = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1"], Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer target-site-secret" } });
        var crawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        var extract = await client.StartExtractAsync(new ExtractRequest { Url = "https://a.example.test/x" });
        var inFlight = await _ledger.ListInFlightAsync();
        await client.WaitForBatchAsync(batch.JobId);
        await client.WatchCrawlPagesAsync(crawl.JobId).ToListAsync();
        await client.WaitForExtractJobAsync(extract.JobId);

        inFlight.Select(e => (e.Kind, e.JobId)).Should().Equal(("batch", batch.JobId), ("crawl", crawl.JobId), ("extract", extract.JobId));
        inFlight[0].RequestJson.Should().Contain("https://a.example.test/1").And.NotContain("Authorization");
        (await _ledger.ListInFlightAsync()).Should().BeEmpty();
        var text = File.ReadAllText(_ledger.Path);
        text.Should().NotContain(_emulator.ApiKey).And.NotContain("target-site-secret").And.NotContainEquivalentOf("x-api-key");
        text.Split('\n')[0].Should().MatchRegex("^\\{\"format\":\"geonode-job-ledger\",\"version\":2,\"generation\":\"[0-9a-f]{32}\"\\}$");
    }
}
