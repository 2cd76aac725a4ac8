using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>Real deliveries to a loopback receiver, driven by a fake clock, checked with an HMAC computed here.</summary>
public sealed class WebhookTests
{
    /// <summary>API.md §10.3's recommendation, computed independently of the emulator.</summary>
    private static string Expected(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexString(new HMACSHA256(Encoding.UTF8.GetBytes(secret)).ComputeHash(body)).ToLowerInvariant();

    private static async Task<(string Id, string Secret)> CreateHookAsync(Api api, string url, string eventType)
    {
        var created = await api.PostAsync("/v1/webhooks", new JsonObject { ["url"] = url, ["event_type"] = eventType });
        created.Status.Should().Be(HttpStatusCode.Created);
        return (created.Get("id"), created.Get("secret"));
    }

    [Fact]
    public async Task Delivery_WhenFakeTimeEndsTheJob_IsSignedWithHmacSha256OfTheRawBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await Api.StartAsync();
        var (hookId, secret) = await CreateHookAsync(api, receiver.Url, "extract_completed");
        var jobId = await api.StartExtractAsync("https://hooked.example.test/");

        api.Advance(TimeSpan.FromSeconds(1.5));
        var early = await receiver.AnyWithinAsync(TimeSpan.FromMilliseconds(300));
        api.Advance(TimeSpan.FromSeconds(1));
        var delivery = await receiver.NextAsync();
        var envelope = JsonNode.Parse(delivery.Body)!;
        var job = await api.GetAsync($"/v1/extract/{jobId}");

        early.Should().BeFalse("the job is still processing on the emulator's clock");
        delivery.Headers["X-Webhook-Signature"].Should().Be(Expected(secret, delivery.Body));
        delivery.Headers["X-Webhook-Event"].Should().Be("extract_completed");
        delivery.Headers["User-Agent"].Should().Be("scraper-api-webhook/1.0");
        delivery.Headers["Content-Type"].Should().StartWith("application/json");
        envelope.AsObject().Select(p => p.Key).Should().BeEquivalentTo("event", "webhook_id", "delivery_id", "timestamp", "data");
        envelope["event"]!.GetValue<string>().Should().Be("extract_completed");
        envelope["webhook_id"]!.GetValue<string>().Should().Be(hookId);
        envelope["delivery_id"]!.GetValue<string>().Should().Be(delivery.Headers["X-Webhook-Delivery-Id"]);
        JsonNode.DeepEquals(envelope["data"], job.Json).Should().BeTrue("data is the full GET /v1/extract/{id} answer (API.md §10.2)");
        var recorded = await ListFilterTests.WaitForDeliveriesAsync(api, hookId, 1);
        recorded[0]!["status"]!.GetValue<string>().Should().Be("success");
        recorded[0]!["http_status"]!.GetValue<int>().Should().Be(204);
    }

    [Fact]
    public async Task Delivery_AfterARotation_IsSignedWithTheNewSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await Api.StartAsync();
        var hookId = (await CreateHookAsync(api, receiver.Url, "batch_completed")).Id;
        var rotated = (await api.PostAsync($"/v1/webhooks/{hookId}/rotate-secret", "{}")).Get("secret");
        var jobId = await api.StartBatchAsync("https://a.example.test/");

        (await api.DeleteAsync($"/v1/batch/{jobId}")).Status.Should().Be(HttpStatusCode.Accepted);
        var delivery = await receiver.NextAsync();

        delivery.Headers["X-Webhook-Signature"].Should().Be(Expected(rotated, delivery.Body));
        JsonNode.Parse(delivery.Body)!["data"]!["status"]!.GetValue<string>().Should().Be("cancelled", "a cancellation ends the job at once");
    }

    [Fact]
    public async Task DuplicateDeliveries_ByHostAndPerRequest_TheSameEventTwiceWithDifferentDeliveryIds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await Api.StartAsync();
        await CreateHookAsync(api, receiver.Url, "extract_completed");
        var byHost = await api.StartExtractAsync("https://a.duplicate.test/");
        api.Emulator.Faults.UseProfile("POST /v1/extract", EmulatorProfile.DuplicateDeliveries);
        var perRequest = await api.StartExtractAsync("https://a.example.test/");
        var plain = await api.StartExtractAsync("https://b.example.test/");
        api.Advance(TimeSpan.FromSeconds(5));

        var deliveries = new List<JsonNode>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.Add(JsonNode.Parse((await receiver.NextAsync()).Body)!);
        }

        (await receiver.AnyWithinAsync(TimeSpan.FromMilliseconds(300))).Should().BeFalse("five deliveries in all");
        var byJob = deliveries.GroupBy(d => d["data"]!["job_id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList());
        byJob[byHost].Should().HaveCount(2);
        byJob[perRequest].Should().HaveCount(2);
        byJob[plain].Should().ContainSingle();
        foreach (var twice in new[] { byJob[byHost], byJob[perRequest] })
        {
            twice.Select(d => d["delivery_id"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
            JsonNode.DeepEquals(twice[0]["data"], twice[1]["data"]).Should().BeTrue();
        }
    }

    [Fact]
    public async Task DeliverWebhooksOff_SendsAndRecordsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await Api.StartAsync(o => o.DeliverWebhooks = false);
        var hookId = (await CreateHookAsync(api, receiver.Url, "extract_completed")).Id;
        await api.StartExtractAsync("https://a.example.test/");

        api.Advance(TimeSpan.FromMinutes(1));

        (await receiver.AnyWithinAsync(TimeSpan.FromMilliseconds(500))).Should().BeFalse();
        (await api.GetAsync($"/v1/webhooks/{hookId}/deliveries")).Array("items").Should().BeEmpty();
    }

    [Fact]
    public async Task InactiveWebhook_GetsNothing_OtherEventsGetNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await Api.StartAsync();
        var paused = (await CreateHookAsync(api, receiver.Url, "extract_completed")).Id;
        await api.PatchAsync($"/v1/webhooks/{paused}", """{"is_active": false}""");
        await CreateHookAsync(api, receiver.Url, "crawl_completed");
        await api.StartExtractAsync("https://a.example.test/");

        api.Advance(TimeSpan.FromMinutes(1));

        (await receiver.AnyWithinAsync(TimeSpan.FromMilliseconds(500))).Should().BeFalse();
    }
}
