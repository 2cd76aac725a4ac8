using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Crawl;

public sealed class CrawlEndpointTests
{
    [Fact]
    public async Task StartCrawlAsync_SendsTheDocumentedRequestAndMapsTheAcceptance()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/crawl", TestClient.Json("""
            { "job_id": "9e8d7c6b", "url": "https://docs.example.net/", "status": "queued", "status_url": "/v1/crawl/9e8d7c6b", "estimated_pages": 40 }
            """, HttpStatusCode.Accepted));

        var accepted = await t.Client.StartCrawlAsync(new CrawlRequest
        {
            Url = "https://docs.example.net/",
            Depth = 2,
            Limit = 40,
            Formats = [OutputFormat.Markdown],
            SameDomainOnly = true,
            IncludeSubdomains = false,
            RenderJs = false,
        });

        JsonAssert.Equivalent(t.Requests.Single().Body, """
            { "url": "https://docs.example.net/", "depth": 2, "limit": 40, "formats": ["markdown"], "same_domain_only": true, "include_subdomains": false, "render_js": false }
            """);
        accepted.EstimatedPages.Should().Be(40);
        accepted.Url.Should().Be("https://docs.example.net/");
        accepted.StatusUrl.Should().Be("/v1/crawl/9e8d7c6b");
    }

    [Theory]
    [InlineData(0, null, "Depth")]
    [InlineData(11, null, "Depth")]
    [InlineData(2, 0, "Limit")]
    [InlineData(2, 10_001, "Limit")]
    public async Task StartCrawlAsync_DepthOrLimitOutOfRange_ThrowsBeforeAnyRequest(int depth, int? limit, string property)
    {
        using var t = new TestClient();

        var act = () => t.Client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.net/", Depth = depth, Limit = limit });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain(property);
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task CancelCrawlAsync_ReturnsInFlightPages_AndConflictIsTyped()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Delete, TestClient.Base + "v1/crawl/c1",
            TestClient.Json("""{ "job_id": "c1", "status": "cancelled", "status_url": "/v1/crawl/c1", "in_flight_pages": 3 }""", HttpStatusCode.Accepted),
            TestClient.Status(HttpStatusCode.Conflict));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/c1?page=1&page_size=1", TestClient.Json(TestClient.Job("c1", "completed")));

        (await t.Client.CancelCrawlAsync("c1")).InFlightPages.Should().Be(3);
        (await FluentActions.Awaiting(() => t.Client.CancelCrawlAsync("c1")).Should().ThrowAsync<ScraperConflictException>())
            .Which.Message.Should().Contain("can no longer be cancelled");
    }

    [Fact]
    public async Task ListCrawlJobsAsync_MapsTheDocumentedList()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=10", TestClient.Json("""
            { "jobs": [ { "job_id": "c1", "url": "https://docs.example.net/", "status": "completed", "total_pages": 12, "completed_pages": 11, "failed_pages": 1,
              "config": { "render_js": false, "formats": ["markdown"], "same_domain_only": true, "include_subdomains": false, "proxy": null, "wait_config": null },
              "created_at": "2026-09-01T13:00:00Z", "completed_at": "2026-09-01T13:00:41Z" } ], "page": 1, "page_size": 10, "page_count": 1 }
            """));

        var job = (await t.Client.ListCrawlJobsAsync()).Items.Single();

        job.TotalPages.Should().Be(12);
        job.FailedPages.Should().Be(1);
        job.Config!.SameDomainOnly.Should().BeTrue();
    }
}
