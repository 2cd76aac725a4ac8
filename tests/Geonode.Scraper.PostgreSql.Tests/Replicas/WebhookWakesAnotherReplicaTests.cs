using System.Net;
using Geonode.Scraper.AspNetCore;
using Geonode.Scraper.Conformance;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>The emulator delivers a job's webhook to replica A (a Kestrel app with the webhook endpoint) while replica B,
/// which has no endpoint, waits for that job relying on wake-ups, with a fallback poll a minute away.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookWakesAnotherReplicaTests(PostgresFixture db, ITestOutputHelper output)
{
    private static readonly TimeSpan Fallback = TimeSpan.FromMinutes(1);

    [PostgresFact]
    public async Task WaitForCompletionAsync_OnReplicaB_WebhookDeliveredToReplicaA_EndsLongBeforeTheFallbackPoll()
    {
        // A slow.test page: 20 × 200 ms, so the job runs 4 s.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(50), PageTime = TimeSpan.FromMilliseconds(200), SlowFactor = 20 });
        var schema = db.NewSchemaName();
        using var admin = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });

        // The webhook is created first (its secret is shown only then), replica A starts with it, and it is pointed at A.
        var webhook = await admin.CreateWebhookAsync(new WebhookCreateRequest { Url = "http://127.0.0.1:9/not-yet", EventType = WebhookEventType.BatchCompleted });
        await using var a = await StartWebReplicaAsync(emulator, schema, webhook.Secret!);
        await admin.UpdateWebhookAsync(webhook.Id, new WebhookUpdateRequest { Url = WebhookUrl(a).ToString() });
        await using var b = Replica.Start(
            emulator,
            schema,
            client: o => o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), Jitter = 0, Timeout = TimeSpan.FromMinutes(5) },
            services: s => s.AddGeonodeScraperCompletionSignal(o =>
            {
                o.FallbackPollInterval = Fallback;
                o.Events = [WebhookEventType.BatchCompleted];
            }));
        using (var bound = new CancellationTokenSource(Eventually.Bound))
        {
            await b.Signal.StartAsync(bound.Token);
        }

        var operation = await b.Client.StartBatchOperationAsync(new BatchRequest { Urls = ["https://www.slow.test/webhook"] });
        var job = await operation.WaitForCompletionAsync().WaitAsync(TimeSpan.FromSeconds(50));
        var returnedAt = DateTimeOffset.UtcNow;

        output.WriteLine($"B's wait returned {(returnedAt - job.CompletedAt!.Value).TotalMilliseconds:0} ms after the job ended");
        job.Status.Should().Be(JobStatus.Completed);
        (returnedAt - job.CompletedAt!.Value).Should().BeLessThan(TimeSpan.FromSeconds(10), "the delivery to A woke B's wait, whose next poll was a minute away");
        emulator.CountRequests("GET", $"/v1/batch/{operation.JobId}").Should().Be(2, "B polled once, slept, and polled again when woken");
        var deliveries = (await admin.ListWebhookDeliveriesAsync(webhook.Id)).Items;
        deliveries.Should().ContainSingle(d => d.JobId == operation.JobId).Which.HttpStatus.Should().Be((int)HttpStatusCode.NoContent, "A received and verified it");
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".job_events WHERE job_id = $1", operation.JobId)).Should().Be(1, "A recorded the wake-up in the database");
    }

    private static Uri WebhookUrl(WebApplication app) =>
        new(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), GeonodeScraperWebhookOptions.DefaultPath);

    private static async Task<WebApplication> StartWebReplicaAsync(ScraperEmulator emulator, string schema, string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        Replica.AddTo(builder.Services, emulator, schema);
        builder.Services.AddGeonodeScraperWebhooks(o => o.Secrets.Add(secret));
        var app = builder.Build();
        app.MapGeonodeScraperWebhooks();
        await app.StartAsync();
        return app;
    }
}
