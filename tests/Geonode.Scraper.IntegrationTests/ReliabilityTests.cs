using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Geonode.Scraper.Emulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>The fault matrix over real sockets (docs/reliability.md): the emulator's faults and every one of its fault
/// profiles, each with what the SDK must do about it.</summary>
public sealed class ReliabilityTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly IScraperClient _client = fixture.Client;
    private readonly ScraperEmulator _emulator = fixture.Emulator;

    public void Dispose() => _emulator.Faults.Clear();

    [Fact]
    public async Task ConnectionRefused_GetIsRetriedThenThrowsHttpRequestException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = Client(o => o.BaseAddress = new Uri($"http://127.0.0.1:{port}/"));

        var clock = Stopwatch.StartNew();

        await FluentActions.Awaiting(() => client.GetUsageAsync()).Should().ThrowAsync<HttpRequestException>();

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(250), "three retries, 50, 100 and 200 ms apart (±20 %), came first");
    }

    [Theory]
    [InlineData("delay")]
    [InlineData("trickle")]
    public async Task SlowAnswer_PastTheAttemptTimeout_TheAttemptTimesOutAndTheRetrySucceeds(string kind)
    {
        using var client = Client(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        if (kind == "delay")
        {
            _emulator.Faults.DelayNext("GET /v1/usage", TimeSpan.FromSeconds(60));
        }
        else
        {
            _emulator.Faults.TrickleNext("GET /v1/usage", bytesPerChunk: 2, interval: TimeSpan.FromSeconds(1));
        }

        var clock = Stopwatch.StartNew();

        var usage = await client.GetUsageAsync();

        usage.ConcurrencyLimit.Should().NotBeNull();
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300), "the first attempt ran into the attempt timeout")
            .And.BeLessThan(TimeSpan.FromSeconds(20), "it was given up and retried instead of waited out (the slow answer takes 30 s or more; the margin absorbs a loaded machine)");
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-1", 0)]
    [InlineData("in a moment", 0)]
    [InlineData("skewed date", 1)]
    public async Task RetryAfter_OverRealSockets_IsReadAsTheServerMeantIt(string value, double atLeastSeconds)
    {
        // The emulator's Date header is an hour behind: only a date measured against it means "one second from now".
        var serverNow = DateTimeOffset.UtcNow.AddHours(-1);
        var retryAfter = value == "skewed date" ? serverNow.AddSeconds(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : value;
        _emulator.Faults.FailNextWithRetryAfter("GET /v1/usage", 503, retryAfter, date: serverNow);
        var clock = Stopwatch.StartNew();

        await _client.GetUsageAsync();

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(atLeastSeconds * 0.9)).And.BeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RetryAfterHuge_ThrowsRateLimitAtOnce()
    {
        _emulator.Faults.FailNextWithRetryAfter("GET /v1/usage", 503, "99999999999");
        var clock = Stopwatch.StartNew();

        var ex = (await FluentActions.Awaiting(() => _client.GetUsageAsync()).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.RetryAfter.Should().BeGreaterThan(TimeSpan.FromDays(365));
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "it did not wait the server's years (the margin absorbs a loaded machine)");
    }

    [Fact]
    public async Task EmptyBodyWith200_IsAScraperResponseExceptionThatSaysSo()
    {
        _emulator.Faults.EmptyNext("GET /v1/statistics");

        var ex = (await FluentActions.Awaiting(() => _client.GetStatisticsAsync(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow)).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.Message.Should().Contain("The body was empty");
    }

    [Fact]
    public async Task WrongContentType_AJsonBodyIsStillRead()
    {
        _emulator.Faults.WrongContentTypeNext("GET /v1/statistics", "text/plain");

        var stats = await _client.GetStatisticsAsync(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);

        stats.SuccessRate.Should().BeInRange(0, 1);
    }

    [Fact]
    public async Task RateLimitStorm_LongerThanTheRetryBudget_ThrowsRateLimitWithRetryAfter()
    {
        _emulator.Faults.UseProfile("GET /v1/usage", EmulatorProfile.RateLimitStorm, count: 10);

        var ex = (await FluentActions.Awaiting(() => _client.GetUsageAsync()).Should().ThrowAsync<ScraperRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        _emulator.Requests.Where(r => r.Path == "/v1/usage").TakeLast(4).Should().OnlyContain(r => r.StatusCode == 429);
    }

    [Fact]
    public async Task JobVanishes_AfterBeingSeen_ThrowsNotFoundOnceTheGracePeriodIsOver()
    {
        _emulator.Faults.UseProfile("POST /v1/batch", EmulatorProfile.JobVanishes);
        // On stuck.test the job never ends, so it cannot complete before it vanishes, however slow the machine is.
        var accepted = await _client.StartBatchAsync(new BatchRequest { Urls = [.. Enumerable.Range(0, 5).Select(i => $"https://vanish.stuck.test/{i}")] });
        var polling = EmulatorFixture.FastPolling();
        polling.NotFoundGracePeriod = TimeSpan.FromMilliseconds(500);
        var seen = new List<JobStatus>();

        await FluentActions.Awaiting(() => _client.WaitForBatchAsync(accepted.JobId, polling, new SyncProgress<BatchJob>(b => seen.Add(b.Status))))
            .Should().ThrowAsync<ScraperNotFoundException>();

        seen.Should().NotBeEmpty("the job was seen before it vanished").And.OnlyContain(s => !s.IsTerminal);
    }

    [Fact]
    public async Task StatusGoesBackwards_TheWaitRidesItOutAndEndsCompleted()
    {
        // This emulator runs on a clock the test moves, so what each poll sees does not depend on how busy the machine is:
        // processing, then the one backwards answer (queued), then the clock jumps past the end of the job.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, QueueTime = TimeSpan.FromSeconds(1), PageTime = TimeSpan.FromSeconds(10) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });
        emulator.Faults.UseProfile("POST /v1/batch", EmulatorProfile.StatusBackwards);
        var accepted = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] });
        time.Advance(TimeSpan.FromSeconds(2));
        var seen = new List<string>();

        var job = await client.WaitForBatchAsync(accepted.JobId, EmulatorFixture.FastPolling(), new SyncProgress<BatchJob>(b =>
        {
            seen.Add(b.Status.ToString());
            if (b.Status == JobStatus.Queued)
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }
        }));

        job.Status.Should().Be(JobStatus.Completed);
        seen.Should().Equal("processing", "queued", "completed");
    }

    [Theory]
    [InlineData(EmulatorProfile.CountersStall)]
    [InlineData(EmulatorProfile.CountersBackwards)]
    [InlineData(EmulatorProfile.ShuffledResults)]
    public async Task CountersOrPagesThatLie_TheWatchYieldsEveryItemOnceAndTheWaitCompletes(EmulatorProfile profile)
    {
        _emulator.Faults.UseProfile("POST /v1/batch", profile);
        var urls = SlowUrls(profile.ToString().ToLowerInvariant(), 60);
        var accepted = await _client.StartBatchAsync(new BatchRequest { Urls = urls });

        var watched = await _client.WatchBatchItemsAsync(accepted.JobId, EmulatorFixture.FastPolling()).ToListAsync();
        var job = await _client.WaitForBatchAsync(accepted.JobId, EmulatorFixture.FastPolling());

        job.Status.Should().Be(JobStatus.Completed);
        watched.Select(i => i.InputIndex).Should().OnlyHaveUniqueItems();
        if (profile != EmulatorProfile.ShuffledResults)
        {
            // A shuffled page walk can miss items (the final rescan narrows it); stale counters only delay them.
            watched.Select(i => i.Url).Should().BeEquivalentTo(urls);
        }
    }

    [Fact]
    public async Task ZeroResults_CompletedWithNothing_IsAnEmptyResultOrAClearErrorWhereContentWasPromised()
    {
        _emulator.Faults.UseProfile("POST /v1/batch", EmulatorProfile.ZeroResults);
        _emulator.Faults.UseProfile("POST /v1/extract", EmulatorProfile.ZeroResults);
        var batch = await _client.StartBatchAsync(new BatchRequest { Urls = ["https://zero.example.test/1"] });

        var job = await _client.WaitForBatchAsync(batch.JobId, EmulatorFixture.FastPolling());
        var items = await _client.GetBatchItemsAsync(batch.JobId).ToListAsync();
        var extract = await FluentActions.Awaiting(() => _client.ExtractAsync(new ExtractRequest { Url = "https://zero.example.test/2", ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling()))
            .Should().ThrowAsync<ScraperResponseException>();

        job.Status.Should().Be(JobStatus.Completed);
        job.TotalUrls.Should().Be(0);
        items.Should().BeEmpty();
        extract.Which.Message.Should().Contain("completed but the API returned no data");
    }

    [Fact]
    public async Task SlowStatus_SlowerThanTheAttemptTimeout_EveryPollIsCutAndTheWaitEndsAtItsDeadline()
    {
        using var client = Client(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        _emulator.Faults.UseProfile("POST /v1/extract", EmulatorProfile.SlowStatus);
        var accepted = await client.StartExtractAsync(new ExtractRequest { Url = "https://slow-status.example.test/" });
        var polling = EmulatorFixture.FastPolling(TimeSpan.FromSeconds(2));
        polling.MaxConsecutiveErrors = 100;
        var clock = Stopwatch.StartNew();

        var ex = (await FluentActions.Awaiting(() => client.WaitForExtractJobAsync(accepted.JobId, polling)).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.Timeout.Should().Be(TimeSpan.FromSeconds(2));
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "a status read that takes two minutes cannot hold the wait past its deadline (the margin absorbs a loaded machine)");
    }

    [Fact]
    public async Task DuplicateDeliveries_TheRepeatIsRecognisedByEventAndJobAndActedOnOnce()
    {
        var deliveries = new ConcurrentQueue<(string DeliveryId, bool Duplicate, string? JobId)>();
        var dedup = new WebhookEventDeduplicator();
        string secret = null!;
        await using var receiver = await LoopbackReceiver.StartAsync((context, body) =>
        {
            var webhookEvent = WebhookEvent.Parse(Volatile.Read(ref secret), body, context.Request.Headers[WebhookSignature.HeaderName].ToString());

            // The two deliveries may arrive at once: the verdict and its place in the queue are taken together, so the queue's
            // order is the order in which the deduplicator saw them.
            lock (deliveries)
            {
                deliveries.Enqueue((context.Request.Headers["X-Webhook-Delivery-Id"].ToString(), dedup.IsDuplicate(webhookEvent), webhookEvent.JobId));
            }
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        var webhook = await _client.CreateWebhookAsync(new WebhookCreateRequest { Url = receiver.HookUrl(), EventType = WebhookEventType.ExtractCompleted });
        Volatile.Write(ref secret, webhook.Secret!);
        try
        {
            _emulator.Faults.UseProfile("POST /v1/extract", EmulatorProfile.DuplicateDeliveries);
            var accepted = await _client.StartExtractAsync(new ExtractRequest { Url = "https://twice.example.test/" });
            await _client.WaitForExtractJobAsync(accepted.JobId, EmulatorFixture.FastPolling());

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (deliveries.Count(d => d.JobId == accepted.JobId) < 2)
            {
                await Task.Delay(20, wait.Token);
            }

            var mine = deliveries.Where(d => d.JobId == accepted.JobId).ToList();
            mine.Select(d => d.DeliveryId).Should().OnlyHaveUniqueItems("each delivery has its own id");
            mine.Select(d => d.Duplicate).Should().Equal(false, true);
        }
        finally
        {
            await _client.DeleteWebhookAsync(webhook.Id);
        }
    }

    [Fact]
    public async Task CancelWhoseAnswerIsLost_TheRetryHearsConflictAndTheSdkReportsTheJobCancelled()
    {
        var accepted = await _client.StartBatchAsync(new BatchRequest { Urls = SlowUrls("cancel-lost", 20) });
        _emulator.Faults.DropNext("DELETE /v1/batch/*", afterProcessing: true);

        var cancellation = await _client.CancelBatchAsync(accepted.JobId);

        cancellation.Status.Should().Be(JobStatus.Cancelled);
        _emulator.Requests.Where(r => r.Method == "DELETE" && r.Path.EndsWith(accepted.JobId, StringComparison.Ordinal)).Select(r => r.StatusCode).Should().Equal(0, 409);
        _emulator.CreatedJobs.Single(j => j.Id == accepted.JobId).Status.Should().Be("cancelled");
    }

    [Fact]
    public async Task DeleteWhoseAnswerIsLost_TheRetryHearsNotFoundAndTheDeleteSucceeds()
    {
        var webhook = await _client.CreateWebhookAsync(new WebhookCreateRequest { Url = "http://127.0.0.1:9/hook", EventType = WebhookEventType.BatchCompleted });
        _emulator.Faults.DropNext("DELETE /v1/webhooks/*", afterProcessing: true);

        await _client.DeleteWebhookAsync(webhook.Id);

        await FluentActions.Awaiting(() => _client.GetWebhookAsync(webhook.Id)).Should().ThrowAsync<ScraperNotFoundException>();
        _emulator.Requests.Where(r => r.Method == "DELETE").TakeLast(2).Select(r => r.StatusCode).Should().Equal(0, 404);
    }

    [Fact]
    public async Task RandomFaults_TwentyJobsOfEveryKind_EachEndsCompletedOrTypedAndNoneStartsTwice()
    {
        _emulator.Faults.Random(rate: 0.2, seed: 7);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 21).Select(async i =>
        {
            var url = $"https://random-{i}.example.test/";
            try
            {
                switch (i % 3)
                {
                    case 0:
                        await _client.ExtractAsync(new ExtractRequest { Url = url, ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling());
                        break;
                    case 1:
                        var batch = await _client.StartBatchAsync(new BatchRequest { Urls = [url + "a", url + "b"] });
                        await _client.GetBatchItemsAsync((await _client.WaitForBatchAsync(batch.JobId, EmulatorFixture.FastPolling())).JobId).ToListAsync();
                        break;
                    default:
                        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = url, Depth = 2, Limit = 5 });
                        await _client.WatchCrawlPagesAsync(crawl.JobId, EmulatorFixture.FastPolling()).ToListAsync();
                        break;
                }

                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));
        _emulator.Faults.Clear();

        outcomes.Should().OnlyContain(ex => ex == null || ex is ScraperException || ex is HttpRequestException || ex is TimeoutException);
        Enumerable.Range(0, 21).Should().OnlyContain(i => _emulator.CreatedJobs.Count(j => j.Urls.Any(u => u.Contains($"//random-{i}.", StringComparison.Ordinal))) <= 1,
            "no logical start creates a second job");
    }

    private static string[] SlowUrls(string name, int count) => [.. Enumerable.Range(0, count).Select(i => $"https://{name}.slow.test/{i}")];

    private ScraperClient Client(Action<ScraperClientOptions> configure)
    {
        var options = new ScraperClientOptions { ApiKey = _emulator.ApiKey, BaseAddress = _emulator.BaseAddress, Polling = EmulatorFixture.FastPolling() };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        configure(options);
        return new ScraperClient(options);
    }
}
