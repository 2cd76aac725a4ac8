using System.Net;
using System.Text;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Internal;

/// <summary>Nulls the models promise never to hold: a required member or a list element that is null is an unexpected
/// body (found by the response property tests; they escaped as NullReferenceException in the SDK's own paging or in the
/// caller's code), and a list sent as null reads as empty.</summary>
public sealed class ResponseShapeTests
{
    private const string ItemsUrl = TestClient.Base + "v1/batch/b1?page=1&page_size=50";

    [Fact]
    public async Task GetBatchItemsAsync_ResultsHoldNull_ThrowsScraperResponseExceptionNotNullReference()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, ItemsUrl, TestClient.Json(TestClient.Job("b1", "completed", """, "results": [null, {"input_index": 1, "url": "https://a.test/1"}] """)));

        var ex = (await FluentActions.Awaiting(() => TestClient.ToListAsync(t.Client.GetBatchItemsAsync("b1"))).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.Message.Should().Contain("'results' holds null at index 0");
    }

    [Fact]
    public async Task ListAllCrawlJobsAsync_JobIdNull_ThrowsScraperResponseExceptionNotNullReference()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=10",
            TestClient.Json("""{"jobs": [{"job_id": null, "status": "completed", "created_at": "2026-09-01T12:00:00Z"}], "page": 1, "page_size": 100, "page_count": 1}"""));

        var ex = (await FluentActions.Awaiting(() => TestClient.ToListAsync(t.Client.ListAllCrawlJobsAsync())).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.Message.Should().Contain("'job_id' of CrawlJobSummary is required but null");
    }

    [Fact]
    public async Task GetBatchAsync_ListsSentAsNull_ReadAsEmpty()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=10", TestClient.Json(TestClient.Job("b1", "processing", """, "results": null, "invalid_urls": null """)));

        var job = await t.Client.GetBatchAsync("b1");

        job.Results.Should().BeEmpty();
        job.InvalidUrls.Should().BeEmpty();
    }

    [Fact]
    public void GetExtractJob_EnvelopeWithoutData_ThrowsWebhookVerificationExceptionNotInvalidOperation()
    {
        const string secret = "whsec_test";
        var body = Encoding.UTF8.GetBytes("""{"event": "extract_completed", "webhook_id": "w1", "delivery_id": "d1"}""");
        var webhookEvent = WebhookEvent.Parse(secret, body, "sha256=" + TestSignature.Hex(secret, body));

        FluentActions.Invoking(() => webhookEvent.GetExtractJob()).Should().Throw<WebhookVerificationException>().WithMessage("*has no data*");
    }

    [Fact]
    public void Parse_JobIdWithInvalidUtf8_ThrowsWebhookVerificationExceptionNotInvalidOperation()
    {
        const string secret = "whsec_test";
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"event": "extract_completed", "data": {"job_id": "j"""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}}")];

        FluentActions.Invoking(() => WebhookEvent.Parse(secret, body, "sha256=" + TestSignature.Hex(secret, body)))
            .Should().Throw<WebhookVerificationException>().WithMessage("*not valid UTF-8*");
    }
}
