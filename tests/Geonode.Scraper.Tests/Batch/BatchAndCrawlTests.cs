using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Batch;

public sealed class BatchAndCrawlTests
{
    private const string JobId = "9d7b2c8e-8a4b-4c10-9af3-65f4f8f6c019";

    [Fact]
    public async Task GetBatchAsync_SendsPageQueryAndMapsEveryFixtureField()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + $"v1/batch/{JobId}?page=2&page_size=10", TestClient.Json(TestClient.Fixture("batch-job-processing.json")));

        var job = await t.Client.GetBatchAsync(JobId, page: 2, pageSize: 10);

        t.Requests.Single().Uri.Query.Should().Be("?page=2&page_size=10");
        job.Should().BeEquivalentTo(new BatchJob
        {
            JobId = JobId,
            Status = JobStatus.Processing,
            BatchConfig = new BatchConfig
            {
                RenderJs = false,
                Formats = [OutputFormat.Markdown],
                Proxy = new ProxySettings { Country = "US", Type = ProxyType.Residential },
                Headers = null,
            },
            TokenSummary = new TokenSummary { TokensChargedTotal = 1, TokensReserved = 1 },
            TotalUrls = 2,
            CompletedUrls = 1,
            FailedUrls = 0,
            CancelledUrls = 0,
            PendingUrls = 1,
            InvalidUrls = [],
            CreatedAt = DateTimeOffset.Parse("2026-05-26T10:30:00Z"),
            CompletedAt = null,
            Results =
            [
                new BatchItem
                {
                    InputIndex = 0,
                    Url = "https://quotes.toscrape.com/",
                    Status = JobStatus.Completed,
                    Data = new PageContent { Markdown = "...", Html = null, Links = null },
                    Metadata = new PageMetadata { HttpStatus = 200, DurationMs = 842, RetryCount = 0, TokensCharged = 1 },
                },
            ],
        });
    }

    [Fact]
    public async Task GetCrawlAsync_MapsEveryFixtureField()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + $"v1/crawl/{JobId}?page=1&page_size=10", TestClient.Json(TestClient.Fixture("crawl-job-processing.json")));

        var job = await t.Client.GetCrawlAsync(JobId);

        job.Should().BeEquivalentTo(new CrawlJob
        {
            JobId = JobId,
            Url = "https://quotes.toscrape.com/",
            Status = JobStatus.Processing,
            TotalPages = 25,
            CompletedPages = 8,
            FailedPages = 0,
            CancelledPages = 0,
            CreatedAt = DateTimeOffset.Parse("2026-05-26T10:30:00Z"),
            TokenSummary = new TokenSummary { TokensChargedTotal = 8, TokensReserved = 17 },
            Results =
            [
                new CrawlPage
                {
                    Url = "https://quotes.toscrape.com/",
                    ParentUrl = null,
                    Depth = 1,
                    Status = JobStatus.Completed,
                    Links = ["https://quotes.toscrape.com/page/2/"],
                    Data = new PageContent { Markdown = "..." },
                    Metadata = new PageMetadata { HttpStatus = 200, DurationMs = 631, RetryCount = 0, TokensCharged = 1 },
                },
            ],
        });
    }

    [Fact]
    public async Task GetCrawlAsync_CompletedExampleWithConfig_MapsCrawlConfig()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/c1?page=1&page_size=10", TestClient.Json("""
            { "job_id": "c1", "url": "https://docs.example.net/", "status": "completed",
              "crawl_config": { "render_js": false, "formats": ["markdown"], "same_domain_only": true, "include_subdomains": false, "proxy": { "country": null, "type": "residential" }, "wait_config": null },
              "token_summary": { "tokens_charged_total": 12, "tokens_reserved": 0 }, "total_pages": 12, "completed_pages": 12, "failed_pages": 0, "cancelled_pages": 0,
              "created_at": "2026-09-01T13:00:00Z", "completed_at": "2026-09-01T13:00:41Z", "results": [] }
            """));

        var job = await t.Client.GetCrawlAsync("c1");

        job.CrawlConfig.Should().BeEquivalentTo(new CrawlConfig
        {
            RenderJs = false,
            Formats = [OutputFormat.Markdown],
            SameDomainOnly = true,
            IncludeSubdomains = false,
            Proxy = new ProxySettings { Country = null, Type = ProxyType.Residential },
        });
        job.CompletedAt.Should().Be(DateTimeOffset.Parse("2026-09-01T13:00:41Z"));
    }

    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 51, "pageSize")]
    public async Task GetBatchAndCrawl_PagingOutOfRange_ThrowsNamingTheParameterBeforeAnyRequest(int page, int pageSize, string param)
    {
        using var t = new TestClient();

        (await FluentActions.Awaiting(() => t.Client.GetBatchAsync("b1", page, pageSize)).Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be(param);
        (await FluentActions.Awaiting(() => t.Client.GetCrawlAsync("c1", page, pageSize)).Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be(param);
        t.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("..")]
    [InlineData(".")]
    public async Task GetJob_InvalidJobId_ThrowsArgumentExceptionBeforeAnyRequest(string jobId)
    {
        using var t = new TestClient();

        (await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync(jobId)).Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("jobId");
        (await FluentActions.Awaiting(() => t.Client.GetBatchAsync(jobId)).Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("jobId");
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetExtractJobAsync_IdWithPathCharacters_IsEscapedIntoOneSegment()
    {
        using var t = new TestClient();
        t.Mock.When("*").Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json(TestClient.Job("x", "queued"))();
        });

        await t.Client.GetExtractJobAsync("../batch/jobs?x=1#y");

        t.Requests.Single().Uri.AbsoluteUri.Should().Be("https://api.test/v1/extract/..%2Fbatch%2Fjobs%3Fx%3D1%23y");
    }
}
