using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>
/// The emulator delivers real webhooks over loopback to a Kestrel receiver that verifies them with the SDK (several secrets,
/// replay window) and de-duplicates them by event and job. Nothing here relies on how the emulator computes its signatures:
/// the receiver only sees bytes and headers, as it would from the real service.
/// </summary>
public sealed class WebhookReceiverTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IScraperClient _client = fixture.Client;

    private sealed record Delivery(string HeaderDeliveryId, byte[] Body, string Signature, string Outcome, WebhookEvent? Event);

    [Fact]
    public async Task RetriedDeliveries_AreVerifiedWithRotatedSecrets_AndActedOnOnce()
    {
        var deliveries = new ConcurrentQueue<Delivery>();
        var actedOn = new ConcurrentQueue<string>();
        var dedup = new WebhookEventDeduplicator();
        string[] secrets = [];

        await using var receiver = await LoopbackReceiver.StartAsync((context, body) =>
        {
            var signature = context.Request.Headers[WebhookSignature.HeaderName].ToString();
            var deliveryId = context.Request.Headers["X-Webhook-Delivery-Id"].ToString();
            if (!WebhookEvent.TryParse(Volatile.Read(ref secrets), body, signature, out var webhookEvent))
            {
                deliveries.Enqueue(new Delivery(deliveryId, body, signature, "rejected", null));
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (dedup.IsDuplicate(webhookEvent))
            {
                deliveries.Enqueue(new Delivery(deliveryId, body, signature, "duplicate", webhookEvent));
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            actedOn.Enqueue(webhookEvent.JobId!);
            deliveries.Enqueue(new Delivery(deliveryId, body, signature, "acted", webhookEvent));
            // The work is done, but the answer is "lost" (as after a timeout): the service retries with a new delivery id.
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        });

        var created = await _client.CreateWebhookAsync(new WebhookCreateRequest { Url = receiver.HookUrl(), EventType = WebhookEventType.ExtractCompleted });
        var rotated = await _client.RotateWebhookSecretAsync(created.Id);
        Volatile.Write(ref secrets, [created.Secret!, rotated.Secret]);   // the rotation window: old and new both accepted
        try
        {
            var jobs = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var accepted = await _client.StartExtractAsync(new ExtractRequest { Url = $"https://hook{i}.example.test/" });
                await _client.WaitForExtractJobAsync(accepted.JobId, EmulatorFixture.FastPolling());
                jobs.Add(accepted.JobId);
            }

            using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                while (!jobs.All(j => deliveries.Any(d => d.Outcome == "duplicate" && d.Event!.JobId == j)))
                {
                    await Task.Delay(50, wait.Token);
                }
            }

            var mine = deliveries.Where(d => d.Event is { } e && jobs.Contains(e.JobId!)).ToList();
            deliveries.Should().NotContain(d => d.Outcome == "rejected");
            actedOn.Where(jobs.Contains).Should().BeEquivalentTo(jobs, "each event is acted on once, however often it is delivered");
            foreach (var job in jobs)
            {
                var attempts = mine.Where(d => d.Event!.JobId == job).ToList();
                attempts.Should().HaveCountGreaterThanOrEqualTo(2);
                attempts.Select(d => d.HeaderDeliveryId).Should().OnlyHaveUniqueItems("each attempt has its own delivery id");
                attempts.Should().OnlyContain(d => d.Event!.DeliveryId == d.HeaderDeliveryId);
                attempts[0].Outcome.Should().Be("acted");
                attempts.Skip(1).Should().OnlyContain(d => d.Outcome == "duplicate");
            }

            var sample = mine[0];
            WebhookSignature.Verify([created.Secret!], sample.Body, sample.Signature).Should().BeFalse("the service signs with the new secret after a rotation");
            WebhookSignature.Verify([rotated.Secret], sample.Body, sample.Signature).Should().BeTrue();

            // The same signed bytes replayed later than the tolerance are refused, because the timestamp is inside them.
            var later = new WebhookVerificationOptions { TimeProvider = new FakeTimeProvider(sample.Event!.Timestamp!.Value.AddMinutes(6)) };
            FluentActions.Invoking(() => WebhookEvent.Parse(secrets, sample.Body, sample.Signature, later))
                .Should().Throw<WebhookVerificationException>().WithMessage("*replay tolerance*");

            // The service's own record agrees: a failed attempt, then a successful one.
            var recorded = new List<WebhookDelivery>();
            for (var i = 0; i < 600 && jobs.Any(j => !recorded.Any(d => d.JobId == j && d.Status == WebhookDeliveryStatus.Success)); i++)
            {
                await Task.Delay(50);
                recorded = await _client.ListAllWebhookDeliveriesAsync(created.Id).ToListAsync();
            }

            foreach (var job in jobs)
            {
                recorded.Should().Contain(d => d.JobId == job && d.Status == WebhookDeliveryStatus.Failed && d.HttpStatus == 500);
                recorded.Should().Contain(d => d.JobId == job && d.Status == WebhookDeliveryStatus.Success);
            }
        }
        finally
        {
            await _client.DeleteWebhookAsync(created.Id);
        }
    }
}
