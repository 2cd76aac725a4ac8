using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper.AspNetCore.Tests;

/// <summary>What the endpoint answers to deliveries made by hand over loopback, and what it wakes.</summary>
public sealed class WebhookEndpointTests
{
    private const string JobId = "0b7d6a52-3f1e-4f0e-9a55-1c2d3e4f5a6b";

    [Fact]
    public async Task Post_BadMissingOrStaleSignature_Answers401AndWakesNothing()
    {
        await using var host = await WebhookHost.StartAsync();
        using var http = new HttpClient();
        using var wakeUps = host.CountWakeUps(JobId);
        var now = host.Clock.GetUtcNow();

        var wrongSecret = await PostAsync(http, host.WebhookUrl, Envelope(now, "d-1"), "whsec_not-the-secret");
        var noSignature = await PostAsync(http, host.WebhookUrl, Envelope(now, "d-2"), secret: null);
        var stale = await PostAsync(http, host.WebhookUrl, Envelope(now.AddMinutes(-6), "d-3"), host.Secret);
        var tampered = await PostAsync(http, host.WebhookUrl, Envelope(now, "d-4"), host.Secret, tamper: true);

        new[] { wrongSecret, noSignature, stale, tampered }.Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        wakeUps.Count.Should().Be(0);

        // Nothing was remembered either: the same event, properly signed, is acted on.
        (await PostAsync(http, host.WebhookUrl, Envelope(now, "d-5"), host.Secret)).Should().Be(HttpStatusCode.NoContent);
        wakeUps.Count.Should().Be(1);
    }

    [Fact]
    public async Task Post_FloodOfUnsigned2MbBodies_IsRefusedUnread_AndOversizedSignedBodiesGet413()
    {
        await using var host = await WebhookHost.StartAsync();
        using var http = new HttpClient();
        using var wakeUps = host.CountWakeUps(JobId);
        var big = new byte[2 * 1024 * 1024];
        Envelope(host.Clock.GetUtcNow(), "d-big").CopyTo(big, 0);
        for (var i = 0; i < 5; i++)
        {
            (await PostAsync(http, host.WebhookUrl, big, secret: null)).Should().Be(HttpStatusCode.Unauthorized);
        }

        // Reading each body into memory (as the endpoint did) allocates at least 2 MB per delivery: 200 MB for 100.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 100; i++)
        {
            (await PostAsync(http, host.WebhookUrl, big, secret: null)).Should().Be(HttpStatusCode.Unauthorized);
        }

        (GC.GetTotalAllocatedBytes(precise: true) - allocated).Should().BeLessThan(40L * 1024 * 1024, "an unsigned body is never read into memory");

        // Signed but over the 1 MB default: 413, with or without a Content-Length up front.
        (await PostAsync(http, host.WebhookUrl, big, host.Secret)).Should().Be(HttpStatusCode.RequestEntityTooLarge);
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, host.WebhookUrl) { Content = new StreamContent(new NonSeekableStream(big)) })
        {
            chunked.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(host.Secret, big));
            using var response = await http.SendAsync(chunked);
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        }

        wakeUps.Count.Should().Be(0);
        host.Logs.GetSnapshot().Should().Contain(r => r.Message.Contains("413", StringComparison.Ordinal) && r.Message.Contains("MaxBodySize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_SameEventWithANewDeliveryId_Answers2xxButWakesOnce()
    {
        await using var host = await WebhookHost.StartAsync();
        using var http = new HttpClient();
        using var wakeUps = host.CountWakeUps(JobId);
        var now = host.Clock.GetUtcNow();

        var first = await PostAsync(http, host.WebhookUrl, Envelope(now, "attempt-1"), host.Secret);
        var retry = await PostAsync(http, host.WebhookUrl, Envelope(now.AddSeconds(30), "attempt-2"), host.Secret);
        var otherEvent = await PostAsync(http, host.WebhookUrl, Envelope(now, "attempt-3", eventType: "batch_completed"), host.Secret);

        new[] { first, retry, otherEvent }.Should().AllBeEquivalentTo(HttpStatusCode.NoContent);
        wakeUps.Count.Should().Be(2, "the retry repeats the first event; another event type for the job is another event");
    }

    [Fact]
    public async Task Post_AnyDelivery_LogsNeitherTheSecretNorTheBody()
    {
        await using var host = await WebhookHost.StartAsync();
        using var http = new HttpClient();
        var now = host.Clock.GetUtcNow();

        await PostAsync(http, host.WebhookUrl, Envelope(now, "d-1"), host.Secret);
        await PostAsync(http, host.WebhookUrl, Envelope(now, "d-2"), host.Secret);
        await PostAsync(http, host.WebhookUrl, Envelope(now, "d-3"), "whsec_not-the-secret");

        var receiverLogs = host.Logs.GetSnapshot().Where(r => r.Category == "Geonode.Scraper.AspNetCore.Webhooks").ToList();
        receiverLogs.Select(r => r.Message).Should().HaveCount(3).And.Contain(m => m.Contains(JobId, StringComparison.Ordinal));
        foreach (var record in host.Logs.GetSnapshot())
        {
            record.Message.Should().NotContain(host.Secret).And.NotContain("not-the-secret").And.NotContain("body-marker").And.NotContain("sha256=");
        }
    }

    [Fact]
    public async Task Post_WakingFails_Answers500AndTheServicesRetryIsActedOn()
    {
        const string secret = "whsec_test";
        var signal = new FailingOnceSignal();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IJobCompletionSignal>(signal);   // kept by AddGeonodeScraperWebhooks
        builder.Services.AddGeonodeScraperWebhooks(options => options.Secrets.Add(secret));
        await using var app = builder.Build();
        app.MapGeonodeScraperWebhooks();
        await app.StartAsync();
        using var http = new HttpClient();
        var url = new Uri(app.Urls.First() + GeonodeScraperWebhookOptions.DefaultPath);

        var first = await PostAsync(http, url, Envelope(DateTimeOffset.UtcNow, "attempt-1"), secret);
        var retry = await PostAsync(http, url, Envelope(DateTimeOffset.UtcNow, "attempt-2"), secret);

        first.Should().Be(HttpStatusCode.InternalServerError);
        retry.Should().Be(HttpStatusCode.NoContent, "the failed event was forgotten, so its retry is not taken for a repeat");
        signal.Calls.Should().Be(2);
    }

    [Fact]
    public async Task StartAsync_NoSecret_FailsWhenTheHostStarts()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGeonodeScraperWebhooks(options => options.FallbackPollInterval = TimeSpan.FromSeconds(1));
        await using var app = builder.Build();

        var start = () => app.StartAsync();

        var error = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().Contain(f => f.Contains("Secrets is empty", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("FallbackPollInterval must be between", StringComparison.Ordinal));
    }

    private static byte[] Envelope(DateTimeOffset timestamp, string deliveryId, string eventType = "crawl_completed") =>
        Encoding.UTF8.GetBytes(
            $$$"""{"event":"{{{eventType}}}","webhook_id":"hook-1","delivery_id":"{{{deliveryId}}}","timestamp":"{{{timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}}","data":{"job_id":"{{{JobId}}}","status":"completed","note":"body-marker"}}""");

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, Uri url, byte[] body, string? secret, bool tamper = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
        }

        if (tamper)
        {
            // Signed, then changed: the signature no longer matches the body.
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("body-marker", "body-marker!", StringComparison.Ordinal)));
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A body whose length is not known up front, so that it is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A signal over a bus that is down the first time.</summary>
    private sealed class FailingOnceSignal : IJobCompletionSignal
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool IsListening => true;

        public IDisposable Subscribe(string jobId, Action onSignal) => throw new NotSupportedException();

        public Task NotifyAsync(string jobId, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("the bus is down") : Task.CompletedTask;
    }
}
