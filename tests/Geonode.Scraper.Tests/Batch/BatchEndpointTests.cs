using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Batch;

public sealed class BatchEndpointTests
{
    [Fact]
    public async Task StartBatchAsync_AlwaysSendsIgnoreInvalidUrlsAndReturnsAcceptedAndInvalidUrls()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/batch", TestClient.Json("""
            { "job_id": "5c1e9f0a", "status": "queued", "status_url": "/v1/batch/5c1e9f0a", "accepted_urls": 2, "invalid_urls": ["not-a-url"] }
            """, HttpStatusCode.Accepted));

        var accepted = await t.Client.StartBatchAsync(new BatchRequest
        {
            Urls = ["https://a.example.com/1", "https://a.example.com/2", "not-a-url"],
            IgnoreInvalidUrls = true,
            Formats = [OutputFormat.Markdown],
            Proxy = new ProxySettings { Type = ProxyType.Residential },
        });

        JsonAssert.Equivalent(t.Requests.Single().Body, """
            { "urls": ["https://a.example.com/1", "https://a.example.com/2", "not-a-url"], "ignore_invalid_urls": true, "formats": ["markdown"], "proxy": { "type": "residential" } }
            """);
        accepted.AcceptedUrls.Should().Be(2);
        accepted.InvalidUrls.Should().Equal("not-a-url");
        accepted.Status.Should().Be(JobStatus.Queued);
    }

    [Fact]
    public async Task StartBatchAsync_DefaultRequest_SendsIgnoreInvalidUrlsFalseExplicitly()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/batch", TestClient.Json("""{ "job_id": "b", "status": "queued", "accepted_urls": 1, "invalid_urls": [] }""", HttpStatusCode.Accepted));

        await t.Client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.com/"] });

        JsonAssert.Equivalent(t.Requests.Single().Body, """{ "urls": ["https://a.example.com/"], "ignore_invalid_urls": false }""");
    }

    [Fact]
    public async Task StartBatchAsync_ProcessingModeAndExtractLinks_AreSentWhenSet()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/batch", TestClient.Json("""{ "job_id": "b", "status": "queued", "accepted_urls": 1, "invalid_urls": [] }""", HttpStatusCode.Accepted));

        await t.Client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.com/"], ProcessingMode = ProcessingMode.Async, ExtractLinks = true });

        JsonAssert.Equivalent(t.Requests.Single().Body, """
            { "urls": ["https://a.example.com/"], "ignore_invalid_urls": false, "processing_mode": "async", "extract_links": true }
            """);
    }

    [Theory]
    [InlineData(0, "hold 1 to 1000")]
    [InlineData(1001, "hold 1 to 1000")]
    public async Task StartBatchAsync_UrlCountOutOfRange_ThrowsBeforeAnyRequest(int count, string message)
    {
        using var t = new TestClient();
        var urls = Enumerable.Range(0, count).Select(i => $"https://a.example.com/{i}").ToArray();

        var ex = (await FluentActions.Awaiting(() => t.Client.StartBatchAsync(new BatchRequest { Urls = urls })).Should().ThrowAsync<ArgumentException>()).Which;

        ex.ParamName.Should().Be("request");
        ex.Message.Should().Contain(message);
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task StartBatchAsync_MalformedUrlWithoutIgnore_NamesItsIndex()
    {
        using var t = new TestClient();

        var act = () => t.Client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.com/", "/relative"] });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("Urls[1]").And.Contain("/relative");
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task CancelBatchAsync_ReturnsTheInFlightCount()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Json("""{ "job_id": "b1", "status": "cancelled", "status_url": "/v1/batch/b1", "in_flight_urls": 4 }""", HttpStatusCode.Accepted));

        var cancellation = await t.Client.CancelBatchAsync("b1");

        cancellation.Status.Should().Be(JobStatus.Cancelled);
        cancellation.InFlightUrls.Should().Be(4);
    }

    [Fact]
    public async Task ListBatchJobsAsync_SendsFiltersAndMapsTheDocumentedList()
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/jobs").Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json("""
                { "jobs": [ { "job_id": "b1", "status": "completed", "accepted_urls": 2, "completed_urls": 2, "failed_urls": 0,
                  "config": { "render_js": false, "formats": ["markdown"], "proxy": null, "headers": null, "wait_config": { "wait_until": "load" } },
                  "created_at": "2026-09-01T12:05:00Z", "completed_at": "2026-09-01T12:06:00Z" } ], "page": 2, "page_size": 10, "page_count": 3 }
                """)();
        });

        var page = await t.Client.ListBatchJobsAsync(new JobListQuery
        {
            Status = JobStatus.Completed,
            StartDate = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero),
            EndDate = new DateTimeOffset(2026, 9, 2, 2, 0, 0, TimeSpan.FromHours(2)),
            Page = 2,
        });

        t.Requests.Single().Uri.Query.Should().Be("?job_status=completed&start_date=2026-09-01T00%3A00%3A00Z&end_date=2026-09-02T00%3A00%3A00Z&page=2&page_size=10");
        page.Page.Should().Be(2);
        page.PageCount.Should().Be(3);
        page.HasMore.Should().BeTrue();
        var job = page.Items.Should().ContainSingle().Subject;
        job.AcceptedUrls.Should().Be(2);
        job.Config!.WaitConfig!.WaitUntil.Should().Be(WaitUntil.Load);
        job.CompletedAt.Should().Be(DateTimeOffset.Parse("2026-09-01T12:06:00Z"));
    }

    [Fact]
    public async Task ListBatchJobsAsync_PageSizeOutOfRange_Throws()
    {
        using var t = new TestClient();
        await FluentActions.Awaiting(() => t.Client.ListBatchJobsAsync(new JobListQuery { PageSize = 101 })).Should().ThrowAsync<ArgumentException>();
        FluentActions.Invoking(() => t.Client.ListAllBatchJobsAsync(new JobListQuery { Page = 0 })).Should().Throw<ArgumentException>("arguments are checked when the enumerable is created");
        t.Requests.Should().BeEmpty();
    }
}
