using System.Net;
using System.Text;
using Geonode.Scraper.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>Real faults over real sockets: bursts, throttling, dropped connections, broken bodies, a wrong key, webhooks.</summary>
public sealed class FaultTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly IScraperClient _client = fixture.Client;
    private readonly ScraperEmulator _emulator = fixture.Emulator;

    public void Dispose() => _emulator.Faults.Clear();

    private async Task<string> StartedJob()
    {
        var accepted = await _client.StartExtractAsync(new ExtractRequest { Url = "https://faults.example.test/" });
        return accepted.JobId;
    }

    [Fact]
    public async Task ServiceUnavailableBurst_IsRecovered()
    {
        var jobId = await StartedJob();
        var path = $"/v1/extract/{jobId}";
        _emulator.Faults.FailNext("GET /v1/extract/*", 503, count: 3);

        var job = await _client.GetExtractJobAsync(jobId);

        job.JobId.Should().Be(jobId);
        _emulator.Requests.Where(r => r.Path == path).Select(r => r.StatusCode).Should().Equal(503, 503, 503, 200);
    }

    [Fact]
    public async Task TooManyRequestsWithRetryAfter_IsHonoured()
    {
        var jobId = await StartedJob();
        _emulator.Faults.FailNext("GET /v1/extract/*", 429, retryAfter: TimeSpan.FromSeconds(1));
        var started = DateTime.UtcNow;

        await _client.GetExtractJobAsync(jobId);

        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "the SDK waited as the server asked");
        _emulator.Requests.Where(r => r.Path.EndsWith(jobId, StringComparison.Ordinal)).Select(r => r.StatusCode).Should().Equal(429, 200);
    }

    [Fact]
    public async Task RetryAfterBeyondTheCap_ThrowsRateLimitWithoutWaiting()
    {
        _emulator.Faults.FailNext("POST /v1/batch", 429, retryAfter: TimeSpan.FromMinutes(5));

        var ex = (await FluentActions.Awaiting(() => _client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/"] }))
            .Should().ThrowAsync<ScraperRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task DroppedConnectionOnAGet_IsRecovered()
    {
        var jobId = await StartedJob();
        _emulator.Faults.DropNext("GET /v1/extract/*");

        var job = await _client.GetExtractJobAsync(jobId);

        job.JobId.Should().Be(jobId);
        _emulator.Requests.Where(r => r.Path.EndsWith(jobId, StringComparison.Ordinal)).Select(r => r.StatusCode).Should().Equal(0, 200);
    }

    [Fact]
    public async Task DroppedConnectionOnAPost_IsNotSentAgain()
    {
        var before = _emulator.CountRequests("POST", "/v1/batch");
        _emulator.Faults.DropNext("POST /v1/batch", afterProcessing: true);

        await FluentActions.Awaiting(() => _client.StartBatchAsync(new BatchRequest { Urls = ["https://once.example.test/"] })).Should().ThrowAsync<HttpRequestException>();

        _emulator.CountRequests("POST", "/v1/batch").Should().Be(before + 1, "a second POST would start and bill a second batch");
    }

    [Fact]
    public async Task TruncatedBody_IsAScraperResponseException()
    {
        var jobId = await StartedJob();
        _emulator.Faults.TruncateNext("GET /v1/extract/*");

        var ex = (await FluentActions.Awaiting(() => _client.GetExtractJobAsync(jobId)).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.BodyPrefix.Should().StartWith("{\"job_id\"");
    }

    [Fact]
    public async Task HtmlBody_IsAScraperResponseException()
    {
        var jobId = await StartedJob();
        _emulator.Faults.HtmlNext("GET /v1/extract/*");

        var ex = (await FluentActions.Awaiting(() => _client.GetExtractJobAsync(jobId)).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.ContentType.Should().StartWith("text/html");
        ex.BodyPrefix.Should().Contain("<html>");
    }

    [Fact]
    public async Task InjectedCanceledSpelling_EndsAsJobCancelled()
    {
        var jobId = await StartedJob();
        _emulator.Faults.StatusNext("GET /v1/extract/*", "canceled");

        await FluentActions.Awaiting(() => _client.WaitForExtractJobAsync(jobId, EmulatorFixture.FastPolling())).Should().ThrowAsync<JobCancelledException>();
    }

    [Fact]
    public async Task WrongKey_IsAuthenticationException()
    {
        var client = fixture.CreateClient("not-the-key");

        var ex = (await FluentActions.Awaiting(() => client.GetUsageAsync()).Should().ThrowAsync<ScraperAuthenticationException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ex.ErrorCode.Should().Be("UNAUTHORIZED");
        ex.CorrelationId.Should().StartWith("emu-");
    }

    [Fact]
    public async Task WebhookDelivery_PassesVerification_AndATamperedOneFails()
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<(byte[] Body, string Signature, string Event)>();
        await using var receiver = await LoopbackReceiver.StartAsync((context, body) =>
        {
            received.Writer.TryWrite((body, context.Request.Headers[WebhookSignature.HeaderName].ToString(), context.Request.Headers["X-Webhook-Event"].ToString()));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        var hookUrl = receiver.HookUrl();
        var webhook = await _client.CreateWebhookAsync(new WebhookCreateRequest { Url = hookUrl, EventType = WebhookEventType.ExtractCompleted });

        try
        {
            var result = await _client.ExtractAsync(new ExtractRequest { Url = "https://hooked.example.test/", ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling());
            // Jobs of earlier tests may finish after the webhook exists: take the delivery of this job.
            (byte[] Body, string Signature, string Event) delivery;
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            do
            {
                delivery = await received.Reader.ReadAsync(wait.Token);
            }
            while (!Encoding.UTF8.GetString(delivery.Body).Contains(result.JobId!, StringComparison.Ordinal));

            WebhookSignature.Verify(webhook.Secret!, delivery.Body, delivery.Signature).Should().BeTrue();
            var evt = WebhookEvent.Parse(webhook.Secret!, delivery.Body, delivery.Signature);
            evt.EventType.Should().Be(WebhookEventType.ExtractCompleted);
            delivery.Event.Should().Be("extract_completed");
            evt.GetExtractJob()!.Data!.Markdown.Should().Be(result.Data.Markdown);

            var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body).Replace("completed", "failed", StringComparison.Ordinal));
            WebhookSignature.Verify(webhook.Secret!, tampered, delivery.Signature).Should().BeFalse();
            WebhookEvent.TryParse(webhook.Secret!, tampered, delivery.Signature, out _).Should().BeFalse();

            // The emulator records the attempt once the receiver has answered, a moment after the receiver saw it.
            var deliveries = new List<WebhookDelivery>();
            for (var i = 0; i < 600 && !deliveries.Any(d => d.JobId == result.JobId); i++)
            {
                await Task.Delay(50);
                deliveries = await _client.ListAllWebhookDeliveriesAsync(webhook.Id).ToListAsync();
            }

            deliveries.Should().ContainSingle(d => d.JobId == result.JobId).Which.Status.Should().Be(WebhookDeliveryStatus.Success);
        }
        finally
        {
            await _client.DeleteWebhookAsync(webhook.Id);
        }
    }
}
