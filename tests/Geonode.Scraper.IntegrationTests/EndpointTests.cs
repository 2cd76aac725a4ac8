using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>Every endpoint of the API, through the real pipeline, against the emulator.</summary>
public sealed class EndpointTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IScraperClient _client = fixture.Client;

    [Fact]
    public async Task Extract_SyncAndAsync_ReturnTheSameContent()
    {
        var request = new ExtractRequest { Url = "https://docs.example.test/guide", Formats = [OutputFormat.Markdown, OutputFormat.Html], ExtractLinks = true };

        var sync = await _client.ExtractAsync(request);
        var viaJob = await _client.ExtractAsync(request with { ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling());

        sync.Data.Markdown.Should().StartWith("# docs.example.test/guide");
        sync.Data.Html.Should().Contain("<h1>");
        sync.Data.Links.Should().NotBeEmpty();
        sync.Metadata!.ProcessingMode.Should().Be(ProcessingMode.Sync);
        viaJob.Data.Markdown.Should().Be(sync.Data.Markdown);
        viaJob.JobId.Should().NotBeNullOrEmpty();
        viaJob.Metadata!.ProcessingMode.Should().Be(ProcessingMode.Async);
    }

    [Fact]
    public async Task ExtractJobs_StartGetWaitAndList()
    {
        var accepted = await _client.StartExtractAsync(new ExtractRequest { Url = "https://list.example.test/" });
        var first = await _client.GetExtractJobAsync(accepted.JobId);
        var done = await _client.WaitForExtractJobAsync(accepted.JobId, EmulatorFixture.FastPolling());
        var listed = await _client.ListAllExtractJobsAsync(new ExtractJobQuery { JobId = accepted.JobId }).ToListAsync();

        accepted.Status.Should().Be(JobStatus.Queued);
        first.JobId.Should().Be(accepted.JobId);
        done.Status.Should().Be(JobStatus.Completed);
        done.TokensCharged.Should().Be(1);
        listed.Should().ContainSingle().Which.Url.Should().Be("https://list.example.test/");
    }

    [Fact]
    public async Task Batch_StartWaitReadListAndCancelConflict()
    {
        var accepted = await _client.StartBatchAsync(new BatchRequest
        {
            Urls = ["https://a.example.test/1", "not a url", "https://x.fail.test/2"],
            IgnoreInvalidUrls = true,
        });
        var job = await _client.WaitForBatchAsync(accepted.JobId, EmulatorFixture.FastPolling());
        var items = await _client.GetBatchItemsAsync(accepted.JobId).ToListAsync();
        var listed = await _client.ListAllBatchJobsAsync(new JobListQuery { PageSize = 100 }).ToListAsync();

        accepted.AcceptedUrls.Should().Be(2);
        accepted.InvalidUrls.Should().Equal("not a url");
        job.CompletedUrls.Should().Be(1);
        job.FailedUrls.Should().Be(1);
        items.Select(i => (i.InputIndex, i.Status)).Should().Equal((0, JobStatus.Completed), (2, JobStatus.Failed));
        items[1].ErrorCode.Should().Be("TARGET_UNREACHABLE");
        listed.Should().Contain(j => j.JobId == accepted.JobId);
        (await FluentActions.Awaiting(() => _client.CancelBatchAsync(accepted.JobId)).Should().ThrowAsync<ScraperConflictException>())
            .Which.Message.Should().Contain("can no longer be cancelled");
    }

    [Fact]
    public async Task Crawl_StartCancelAndList()
    {
        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://site.slow.test/", Depth = 3, Limit = 50 });
        var cancellation = await _client.CancelCrawlAsync(accepted.JobId);
        var listed = await _client.ListCrawlJobsAsync(new JobListQuery { Status = JobStatus.Cancelled, PageSize = 100 });

        cancellation.Status.Should().Be(JobStatus.Cancelled);
        listed.Items.Should().Contain(j => j.JobId == accepted.JobId);
        await FluentActions.Awaiting(() => _client.WaitForCrawlAsync(accepted.JobId, EmulatorFixture.FastPolling())).Should().ThrowAsync<JobCancelledException>();
    }

    [Fact]
    public async Task JobLists_StatusFilter_KeepsOnlyThatStatus()
    {
        // Jobs stay queued for a minute, so the cancels below find them cancellable however slow the machine is.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMinutes(1) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });
        var cancelledBatch = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/"] });
        await client.StartBatchAsync(new BatchRequest { Urls = ["https://b.example.test/"] });
        var cancelledCrawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://a.example.test/" });
        await client.StartCrawlAsync(new CrawlRequest { Url = "https://b.example.test/" });
        await client.CancelBatchAsync(cancelledBatch.JobId);
        await client.CancelCrawlAsync(cancelledCrawl.JobId);
        await client.MapAsync(new MapRequest { Url = "https://a.example.test/" });
        await client.SearchAsync(new SearchRequest { Query = "emulators" });

        var batches = await client.ListBatchJobsAsync(new JobListQuery { Status = JobStatus.Cancelled });
        var crawls = await client.ListCrawlJobsAsync(new JobListQuery { Status = JobStatus.Cancelled });
        var maps = await client.ListMapJobsAsync(new MapJobQuery { Status = JobStatus.Failed });
        var searches = await client.ListSearchJobsAsync(new SearchJobQuery { Status = JobStatus.Failed });

        batches.Items.Should().ContainSingle().Which.JobId.Should().Be(cancelledBatch.JobId);
        crawls.Items.Should().ContainSingle().Which.JobId.Should().Be(cancelledCrawl.JobId);
        maps.Items.Should().BeEmpty();
        searches.Items.Should().BeEmpty();
        emulator.Requests.Where(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal)).Should().OnlyContain(r => r.Query.Contains("job_status=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MapAndMapJobs()
    {
        var map = await _client.MapAsync(new MapRequest { Url = "https://blog.example.test/", Search = "/p/" });
        var listed = await _client.ListAllMapJobsAsync(new MapJobQuery { Url = "blog.example.test" }).ToListAsync();
        var job = await _client.GetMapJobAsync(listed.Should().ContainSingle().Subject.JobId);

        map.JobId.Should().BeNull("the documented answer to POST /v1/map is {success, links, warning} (API.md §7.1)");
        map.Success.Should().BeTrue();
        map.Links.Should().NotBeEmpty().And.OnlyContain(l => l.Url.Contains("/p/"));
        map.Links.Should().Contain(l => l.Source == MapLinkSource.Sitemap);
        job.Links.Should().HaveCount(map.Links.Count);
        job.Url.Should().Be("https://blog.example.test/");
        (await FluentActions.Awaiting(() => _client.MapAsync(new MapRequest { Url = "https://site.slow.test/" })).Should().ThrowAsync<ScraperApiException>())
            .Which.StatusCode.Should().Be(System.Net.HttpStatusCode.RequestTimeout);
    }

    [Fact]
    public async Task SearchAndSearchJobs()
    {
        var search = await _client.SearchAsync(new SearchRequest { Query = "headless browser pooling", Page = 2, Safe = SearchSafety.Strict });
        var job = await _client.GetSearchJobAsync(search.JobId!);
        var listed = await _client.ListSearchJobsAsync(new SearchJobQuery { Query = "browser" });

        search.Results.Should().HaveCount(10);
        search.Results[0].Url.Should().Contain("/result/11");
        job.ResultsCount.Should().Be(10);
        job.Results.Should().HaveCount(10);
        listed.Items.Should().Contain(j => j.JobId == search.JobId);
    }

    [Fact]
    public async Task UsageStatisticsAndHealth()
    {
        await _client.ExtractAsync(new ExtractRequest { Url = "https://stats.example.test/", ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling());

        var usage = await _client.GetUsageAsync();
        var stats = await _client.GetStatisticsAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        var health = await _client.CheckHealthAsync();

        usage.ConcurrencyLimit.Should().Be(25);
        usage.ConcurrencyInUse.Should().NotBeNull();
        stats.ExtractionCount.Should().BeGreaterThan(0);
        stats.Requests.Should().NotBeEmpty();
        health.IsHealthy.Should().BeTrue();
        health.Status.Should().Be("ok");
    }

    [Fact]
    public async Task Webhooks_CreateListGetUpdateRotateDeliveriesDelete()
    {
        var created = await _client.CreateWebhookAsync(new WebhookCreateRequest { Url = "https://hooks.example.dev/x", EventType = WebhookEventType.BatchCompleted, Description = "d" });
        var all = await _client.ListAllWebhooksAsync().ToListAsync();
        var one = await _client.GetWebhookAsync(created.Id);
        var updated = await _client.UpdateWebhookAsync(created.Id, new WebhookUpdateRequest { IsActive = false, Description = "paused" });
        var rotated = await _client.RotateWebhookSecretAsync(created.Id);
        var deliveries = await _client.ListWebhookDeliveriesAsync(created.Id);
        await _client.DeleteWebhookAsync(created.Id);

        created.Secret.Should().StartWith("whsec_");
        all.Should().Contain(w => w.Id == created.Id).And.OnlyContain(w => w.Secret == null);
        one.Url.Should().Be("https://hooks.example.dev/x");
        updated.IsActive.Should().BeFalse();
        updated.Description.Should().Be("paused");
        rotated.Secret.Should().StartWith("whsec_").And.NotBe(created.Secret);
        deliveries.Items.Should().BeEmpty();
        await FluentActions.Awaiting(() => _client.GetWebhookAsync(created.Id)).Should().ThrowAsync<ScraperNotFoundException>();
    }

    [Fact]
    public async Task ValidationErrors_ComeBackAsTypedExceptions()
    {
        var detail = (await FluentActions.Awaiting(() => _client.StartBatchAsync(new BatchRequest { Urls = ["nope", "also nope"], IgnoreInvalidUrls = true }))
            .Should().ThrowAsync<ScraperValidationException>()).Which;
        await using var capped = await ScraperEmulator.StartAsync(new EmulatorOptions { PlanMaxCrawlDepth = 3 });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = capped.ApiKey, BaseAddress = capped.BaseAddress });

        var planCap = (await FluentActions.Awaiting(() => client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 5 }))
            .Should().ThrowAsync<ScraperValidationException>()).Which;

        detail.ValidationErrors.Should().ContainSingle().Which.Location.Should().Equal("body", "urls");
        planCap.ErrorCode.Should().Be("VALIDATION_ERROR");
        planCap.IsRetryable.Should().BeFalse();
        planCap.Message.Should().Contain("plan");
        capped.CountRequests("POST", "/v1/crawl").Should().Be(1);
    }
}
