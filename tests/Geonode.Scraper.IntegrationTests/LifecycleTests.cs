namespace Geonode.Scraper.IntegrationTests;

/// <summary>Each terminal state, large jobs read completely, and live crawl streaming.</summary>
public sealed class LifecycleTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IScraperClient _client = fixture.Client;

    [Fact]
    public async Task FailedExtraction_SyncIsExtractionFailed_AsyncIsJobFailed()
    {
        var sync = (await FluentActions.Awaiting(() => _client.ExtractAsync(new ExtractRequest { Url = "https://www.fail.test/" }))
            .Should().ThrowAsync<ExtractionFailedException>()).Which;
        var job = (await FluentActions.Awaiting(() => _client.ExtractAsync(new ExtractRequest { Url = "https://www.fail.test/", ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling()))
            .Should().ThrowAsync<JobFailedException>()).Which;

        sync.IsRetryable.Should().BeTrue();
        sync.ErrorCode.Should().Be("TARGET_UNREACHABLE");
        job.Error!.Code.Should().Be("TARGET_UNREACHABLE");
        job.LastSnapshot.Should().BeOfType<ExtractJob>().Which.TokensCharged.Should().Be(0);
    }

    [Theory]
    [InlineData("https://site.cancel.test/")]
    [InlineData("https://site.canceled.test/")]
    public async Task CancelledJob_EndsAsJobCancelled_WhateverTheSpelling(string url)
    {
        var accepted = await _client.StartExtractAsync(new ExtractRequest { Url = url });

        var ex = (await FluentActions.Awaiting(() => _client.WaitForExtractJobAsync(accepted.JobId, EmulatorFixture.FastPolling())).Should().ThrowAsync<JobCancelledException>()).Which;

        ex.JobId.Should().Be(accepted.JobId);
        ex.LastSnapshot!.Status.Should().Be(JobStatus.Cancelled);
    }

    [Fact]
    public async Task FailedCrawl_EndsAsJobFailed()
    {
        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.fail.test/" });
        await FluentActions.Awaiting(() => _client.WaitForCrawlAsync(accepted.JobId, EmulatorFixture.FastPolling())).Should().ThrowAsync<JobFailedException>();
    }

    [Fact]
    public async Task UnknownStatus_KeepsPollingUntilTheTimeout()
    {
        var accepted = await _client.StartExtractAsync(new ExtractRequest { Url = "https://site.stuck.test/" });

        var ex = (await FluentActions.Awaiting(() => _client.WaitForExtractJobAsync(accepted.JobId, EmulatorFixture.FastPolling(TimeSpan.FromSeconds(1.5))))
            .Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.LastSnapshot!.Status.ToString().Should().Be("throttled");
        ex.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ThousandUrlBatch_IsReadCompletelyThroughTheEnumerator()
    {
        var urls = Enumerable.Range(0, 1000).Select(i => $"https://bulk.example.test/item/{i}").ToArray();
        var accepted = await _client.StartBatchAsync(new BatchRequest { Urls = urls });
        var progress = new List<int>();

        var job = await _client.WaitForBatchAsync(accepted.JobId, EmulatorFixture.FastPolling(), new SyncProgress<BatchJob>(b => progress.Add(b.CompletedUrls)));
        var items = await _client.GetBatchItemsAsync(accepted.JobId).ToListAsync();

        job.CompletedUrls.Should().Be(1000);
        // How many snapshots a 0.2 s job yields depends on the machine's load; the unit tests pin the exact sequence.
        progress.Should().BeInAscendingOrder().And.EndWith(1000);
        items.Select(i => i.InputIndex).Should().Equal(Enumerable.Range(0, 1000));
        items.Select(i => i.Url).Should().Equal(urls);
        items.Should().OnlyContain(i => i.Status == JobStatus.Completed && i.Data!.Markdown!.Length > 0);
    }

    [Fact]
    public async Task FiveHundredPageCrawl_IsReadCompletelyThroughTheEnumerator()
    {
        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://big.example.test/", Depth = 5, Limit = 500 });

        await _client.WaitForCrawlAsync(accepted.JobId, EmulatorFixture.FastPolling());
        var pages = await _client.GetCrawlPagesAsync(accepted.JobId).ToListAsync();

        accepted.EstimatedPages.Should().Be(500);
        pages.Should().HaveCount(500);
        pages.Select(p => p.Url).Should().OnlyHaveUniqueItems();
        pages[0].Depth.Should().Be(1);
        pages[0].ParentUrl.Should().BeNull();
        pages.Skip(1).Should().OnlyContain(p => p.ParentUrl != null && p.Depth > 1);
        pages.Should().OnlyContain(p => new Uri(p.Url).Host == "big.example.test", "same_domain_only is the default");
    }

    [Fact]
    public async Task LiveCrawlStreaming_YieldsEveryPageExactlyOnce()
    {
        // Pages on *.slow.test take 300 ms each here, so the crawl runs for a few seconds.
        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://stream.slow.test/", Depth = 5, Limit = 300 });
        var seen = new List<string>();
        var runningWhenSeen = 0;

        await foreach (var page in _client.WatchCrawlPagesAsync(accepted.JobId, EmulatorFixture.FastPolling()))
        {
            seen.Add(page.Url);
            if (seen.Count == 1)
            {
                runningWhenSeen = (await _client.GetCrawlAsync(accepted.JobId, pageSize: 1)).Status.IsTerminal ? 0 : 1;
            }
        }

        var all = await _client.GetCrawlPagesAsync(accepted.JobId).Select(p => p.Url).ToListAsync();
        seen.Should().OnlyHaveUniqueItems().And.HaveCount(300);
        seen.Should().BeEquivalentTo(all);
        runningWhenSeen.Should().Be(1, "the first page arrives while the crawl still runs");
    }

    [Fact]
    public async Task CrawlDomainRules_AreHonoured()
    {
        var withSubdomains = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://rules.example.test/", Depth = 2, IncludeSubdomains = true });
        var anyDomain = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://rules.example.test/", Depth = 2, SameDomainOnly = false });
        await _client.WaitForCrawlAsync(withSubdomains.JobId, EmulatorFixture.FastPolling());
        await _client.WaitForCrawlAsync(anyDomain.JobId, EmulatorFixture.FastPolling());

        var hostsA = await _client.GetCrawlPagesAsync(withSubdomains.JobId).Select(p => new Uri(p.Url).Host).Distinct().ToListAsync();
        var hostsB = await _client.GetCrawlPagesAsync(anyDomain.JobId).Select(p => new Uri(p.Url).Host).Distinct().ToListAsync();

        hostsA.Should().BeEquivalentTo(["rules.example.test", "blog.rules.example.test"]);
        hostsB.Should().Contain("external.test");
    }
}
