using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Webhooks;

public sealed class WebhookEndpointTests
{
    private const string WebhookJson = """
        { "id": "7f3e2d1c", "url": "https://hooks.example.dev/geonode", "description": "crawl finisher", "is_active": true,
          "event_type": "crawl_completed", "created_at": "2026-09-02T08:00:00Z", "updated_at": "2026-09-02T08:00:00Z" }
        """;

    [Fact]
    public async Task CreateWebhookAsync_SendsTheDocumentedBodyAndKeepsTheSecretOutOfToString()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/webhooks", TestClient.Json(WebhookJson.Replace("\"updated_at\"", "\"secret\": \"whsec_3b9f\", \"updated_at\""), HttpStatusCode.Created));

        var webhook = await t.Client.CreateWebhookAsync(new WebhookCreateRequest
        {
            Url = "https://hooks.example.dev/geonode",
            EventType = WebhookEventType.CrawlCompleted,
            Description = "crawl finisher",
        });

        JsonAssert.Equivalent(t.Requests.Single().Body, """{ "url": "https://hooks.example.dev/geonode", "event_type": "crawl_completed", "description": "crawl finisher" }""");
        webhook.Secret.Should().Be("whsec_3b9f");
        webhook.EventType.Should().Be(WebhookEventType.CrawlCompleted);
        webhook.IsActive.Should().BeTrue();
        webhook.ToString().Should().NotContain("whsec_3b9f").And.Contain("7f3e2d1c");
    }

    [Fact]
    public async Task ListGetUpdateDeleteRotate_UseTheDocumentedRoutes()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/webhooks?page=1&page_size=100", TestClient.Json($$"""{ "items": [ {{WebhookJson}} ], "page": 1, "page_size": 100, "page_count": 1 }"""));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/webhooks/7f3e2d1c", TestClient.Json(WebhookJson));
        t.Respond(new HttpMethod("PATCH"), TestClient.Base + "v1/webhooks/7f3e2d1c", TestClient.Json(WebhookJson.Replace("\"is_active\": true", "\"is_active\": false")));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/webhooks/7f3e2d1c", TestClient.Status(HttpStatusCode.NoContent));
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/webhooks/7f3e2d1c/rotate-secret", TestClient.Json("""{ "secret": "whsec_new" }"""));

        var list = await t.Client.ListWebhooksAsync();
        var one = await t.Client.GetWebhookAsync("7f3e2d1c");
        var paused = await t.Client.UpdateWebhookAsync("7f3e2d1c", new WebhookUpdateRequest { IsActive = false });
        await t.Client.DeleteWebhookAsync("7f3e2d1c");
        var secret = await t.Client.RotateWebhookSecretAsync("7f3e2d1c");

        list.Items.Single().Secret.Should().BeNull();
        one.Description.Should().Be("crawl finisher");
        paused.IsActive.Should().BeFalse();
        t.Requests.Single(r => r.Method.Method == "PATCH").Body.Should().Be("""{"is_active":false}""");
        secret.Secret.Should().Be("whsec_new");
        secret.ToString().Should().NotContain("whsec_new");
        t.Requests.Select(r => r.Method.Method).Should().Equal("GET", "GET", "PATCH", "DELETE", "POST");
    }

    [Fact]
    public async Task ListWebhookDeliveriesAsync_FiltersByStatusAndMapsAttempts()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/webhooks/w1/deliveries?page=1&page_size=100&status=failed", TestClient.Json("""
            { "items": [ { "id": "d1", "event_type": "extract_completed", "job_id": "j1", "attempt_number": 2, "status": "failed", "http_status": 500,
                           "delivered_at": "2026-09-02T08:05:12Z", "created_at": "2026-09-02T08:05:00Z" } ], "page": 1, "page_size": 100, "page_count": 1 }
            """));

        var delivery = (await t.Client.ListWebhookDeliveriesAsync("w1", new WebhookDeliveryQuery { Status = WebhookDeliveryStatus.Failed })).Items.Single();

        delivery.AttemptNumber.Should().Be(2);
        delivery.Status.Should().Be(WebhookDeliveryStatus.Failed);
        delivery.HttpStatus.Should().Be(500);
        delivery.JobId.Should().Be("j1");
    }

    [Fact]
    public async Task CreateWebhookAsync_RelativeUrl_ThrowsBeforeAnyRequest()
    {
        using var t = new TestClient();
        await FluentActions.Awaiting(() => t.Client.CreateWebhookAsync(new WebhookCreateRequest { Url = "/hook", EventType = WebhookEventType.BatchCompleted }))
            .Should().ThrowAsync<ArgumentException>();
        t.Requests.Should().BeEmpty();
    }
}
