using System.Globalization;
using System.Net;
using System.Text;
using Geonode.Scraper.AspNetCore;
using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.PostgreSql.Tests.Webhooks;

/// <summary>Two replicas (two Kestrel apps on 127.0.0.1 with their own containers) share the database: a signed webhook
/// delivered to one wakes the waits of the other.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossReplicaWebhookTests(PostgresFixture db)
{
    private const string Secret = "whsec_cross-replica-test";

    [PostgresFact]
    public async Task SignedDelivery_ToReplicaA_WakesTheSubscribersOfReplicaB()
    {
        // One replica registers the coordination before the webhooks, the other after: the PostgreSQL signal wins either way.
        await using var a = await StartReplicaAsync(coordinationFirst: true);
        await using var b = await StartReplicaAsync(coordinationFirst: false);
        var signalA = a.Services.GetRequiredService<IJobCompletionSignal>();
        var signalB = b.Services.GetRequiredService<IJobCompletionSignal>();
        signalA.Should().BeOfType<PostgreSqlJobCompletionSignal>();
        signalB.Should().BeOfType<PostgreSqlJobCompletionSignal>();
        (await Eventually.TrueAsync(() => signalA.IsListening && signalB.IsListening)).Should().BeTrue("both listen once their hosts have started");
        var jobId = "job-" + Guid.NewGuid().ToString("N");
        var wokenA = 0;
        var wokenB = 0;
        using var waitOnA = signalA.Subscribe(jobId, () => Interlocked.Increment(ref wokenA));
        using var waitOnB = signalB.Subscribe(jobId, () => Interlocked.Increment(ref wokenB));
        using var http = new HttpClient();

        var status = await DeliverAsync(http, Url(a), jobId, "delivery-1");

        status.Should().Be(HttpStatusCode.NoContent);
        (await Eventually.TrueAsync(() => Volatile.Read(ref wokenB) == 1)).Should().BeTrue("the delivery to A woke the wait on B");
        (await Eventually.TrueAsync(() => Volatile.Read(ref wokenA) == 1)).Should().BeTrue("and the wait on A");
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".job_events WHERE job_id = $1", jobId)).Should().Be(1, "the endpoint recorded the event");

        (await DeliverAsync(http, Url(a), jobId, "delivery-2")).Should().Be(HttpStatusCode.NoContent, "a repeat is acknowledged");
        (await DeliverAsync(http, Url(b), jobId, "delivery-3", secret: "whsec_wrong")).Should().Be(HttpStatusCode.Unauthorized);
        await Task.Delay(300);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".job_events WHERE job_id = $1", jobId)).Should().Be(1, "neither the repeat nor the unsigned delivery woke anyone again");
        Volatile.Read(ref wokenB).Should().Be(1);
    }

    private static Uri Url(WebApplication app) =>
        new(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), GeonodeScraperWebhookOptions.DefaultPath);

    private static async Task<HttpStatusCode> DeliverAsync(HttpClient http, Uri url, string jobId, string deliveryId, string secret = Secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"event":"crawl_completed","webhook_id":"hook-1","delivery_id":"{{{deliveryId}}}","timestamp":"{{{timestamp}}}","data":{"job_id":"{{{jobId}}}","status":"completed"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<WebApplication> StartReplicaAsync(bool coordinationFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var scraper = builder.Services.AddGeonodeScraper(o =>
        {
            o.ApiKey = "test-key";
            o.BaseAddress = new Uri("http://127.0.0.1:9/");
        });
        if (coordinationFirst)
        {
            scraper.AddPostgreSqlCoordination(PostgresDatabase.ConnectionString, o => o.Schema = db.Schema);
        }

        builder.Services.AddGeonodeScraperWebhooks(o => o.Secrets.Add(Secret));
        if (!coordinationFirst)
        {
            scraper.AddPostgreSqlCoordination(PostgresDatabase.ConnectionString, o => o.Schema = db.Schema);
        }

        var app = builder.Build();
        app.MapGeonodeScraperWebhooks();
        await app.StartAsync();
        return app;
    }
}
