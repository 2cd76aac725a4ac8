namespace Geonode.Scraper.IntegrationTests;

/// <summary>Re-running what failed, against the emulator: only the failed URLs go out again, with the original settings,
/// and nothing is started when nothing failed.</summary>
public sealed class RerunFailedTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IScraperClient _client = fixture.Client;

    [Fact]
    public async Task RetryFailedItemsAsync_PartialBatch_StartsABatchOfOnlyTheFailedUrls_WithTheEchoedSettings()
    {
        var urls = Enumerable.Range(1, 30).Select(n => $"https://www.partial.test/p/{n}").ToList();
        var source = await _client.StartBatchAsync(new BatchRequest { Urls = urls, Formats = [OutputFormat.Markdown, OutputFormat.Html], RenderJs = true });
        var ended = await _client.WaitForBatchAsync(source.JobId, EmulatorFixture.FastPolling());
        ended.FailedUrls.Should().Be(4, "partial.test fails every 7th page");

        var retry = await _client.GetBatchOperation(source.JobId).RerunFailedAsync();

        string[] failed = ["https://www.partial.test/p/7", "https://www.partial.test/p/14", "https://www.partial.test/p/21", "https://www.partial.test/p/28"];
        retry.FailedUrls.Should().Equal(failed);
        retry.SettingsSource.Should().Be(RerunSettingsSource.JobStatus);
        var started = retry.Batches.Should().ContainSingle().Subject;
        fixture.Emulator.CreatedJobs.Single(j => j.Id == started.JobId).Urls.Should().Equal(failed, "the server received only the failed URLs");
        var rerun = await _client.GetBatchAsync(started.JobId);
        rerun.BatchConfig!.RenderJs.Should().BeTrue();
        rerun.BatchConfig.Formats.Should().Equal(OutputFormat.Markdown, OutputFormat.Html);
    }

    [Fact]
    public async Task RetryFailedItemsAsync_EveryUrlFailed_ResubmitsEveryUrl_WithTheGivenOriginalRequest()
    {
        var original = new BatchRequest { Urls = ["https://a.fail.test/1", "https://a.fail.test/2", "https://b.fail.test/"], ExtractLinks = true };
        var source = await _client.StartBatchAsync(original);
        await _client.WatchBatchItemsAsync(source.JobId, EmulatorFixture.FastPolling()).CountAsync();

        var retry = await _client.GetBatchOperation(source.JobId).RerunFailedAsync(new RerunOptions { OriginalRequest = original });

        retry.SettingsSource.Should().Be(RerunSettingsSource.OriginalRequest);
        retry.FailedUrls.Should().Equal(original.Urls);
        fixture.Emulator.CreatedJobs.Single(j => j.Id == retry.Batches.Single().JobId).Urls.Should().Equal(original.Urls);
    }

    [Fact]
    public async Task RetryFailedItemsAsync_NothingFailed_StartsNothing()
    {
        var source = await _client.StartBatchAsync(new BatchRequest { Urls = ["https://www.example.test/1", "https://www.example.test/2"] });
        await _client.WaitForBatchAsync(source.JobId, EmulatorFixture.FastPolling());
        var jobsBefore = fixture.Emulator.CreatedJobs.Count;

        var retry = await _client.GetBatchOperation(source.JobId).RerunFailedAsync();

        retry.NothingFailed.Should().BeTrue();
        retry.Batches.Should().BeEmpty();
        retry.SettingsSource.Should().Be(RerunSettingsSource.None);
        fixture.Emulator.CreatedJobs.Count.Should().Be(jobsBefore, "nothing is started (or billed) when nothing failed");
    }

    [Fact]
    public async Task RetryFailedItemsAsync_BatchStillRunning_ThrowsAndStartsNothing()
    {
        var source = await _client.StartBatchAsync(new BatchRequest { Urls = ["https://www.stuck.test/1"] });
        var jobsBefore = fixture.Emulator.CreatedJobs.Count;

        await FluentActions.Awaiting(() => _client.GetBatchOperation(source.JobId).RerunFailedAsync()).Should().ThrowAsync<InvalidOperationException>().WithMessage("*still running*");

        fixture.Emulator.CreatedJobs.Count.Should().Be(jobsBefore);
    }

    [Fact]
    public async Task RetryFailedPagesAsync_PartialCrawl_StartsABatchOfTheFailedPages()
    {
        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://www.partial.test/", Depth = 3, Limit = 40, Formats = [OutputFormat.Html] });
        await _client.WaitForCrawlAsync(crawl.JobId, EmulatorFixture.FastPolling());
        var failed = await _client.GetCrawlPagesAsync(crawl.JobId).Where(p => p.Status == JobStatus.Failed).Select(p => p.Url).ToListAsync();
        failed.Should().NotBeEmpty();

        var retry = await _client.GetCrawlOperation(crawl.JobId).RerunFailedAsync();

        retry.FailedUrls.Should().Equal(failed);
        var started = retry.Batches.Should().ContainSingle().Subject;
        fixture.Emulator.CreatedJobs.Single(j => j.Id == started.JobId).Urls.Should().Equal(failed);
        (await _client.GetBatchAsync(started.JobId)).BatchConfig!.Formats.Should().Equal(OutputFormat.Html);
    }
}
