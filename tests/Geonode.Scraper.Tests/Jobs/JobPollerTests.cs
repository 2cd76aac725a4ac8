using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Jobs;

public sealed class JobPollerTests
{
    private const string ExtractUrl = TestClient.Base + "v1/extract/j1";

    private static TestClient Client(Action<PollingOptions>? polling = null) => new(o =>
    {
        o.Retry.MaxRetries = 0;
        polling?.Invoke(o.Polling);
    });

    private static Func<HttpResponseMessage> Job(string status, string extra = "") => TestClient.Json(TestClient.Job("j1", status, extra));

    [Fact]
    public async Task WaitForExtractJobAsync_BacksOffExponentiallyUpToTheCap()
    {
        using var t = Client(p => { p.InitialDelay = TimeSpan.FromSeconds(1); p.Multiplier = 2; p.MaxDelay = TimeSpan.FromSeconds(5); });
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("queued"), Job("processing"), Job("processing"), Job("processing"), Job("processing"), Job("completed"));

        var job = await t.Client.WaitForExtractJobAsync("j1");

        job.Status.Should().Be(JobStatus.Completed);
        t.Requests.Should().HaveCount(6);
        t.Time.Delays.Should().Equal(Seconds(1, 2, 4, 5, 5));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_DefaultOptions_FollowTheDesignedSequence()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("queued"), Job("processing"), Job("processing"), Job("processing"), Job("processing"), Job("processing"), Job("processing"), Job("processing"), Job("completed"));

        await t.Client.WaitForExtractJobAsync("j1");

        // 1 s × 1.5^n, capped at 15 s (timers have millisecond resolution).
        t.Time.Delays.Should().Equal(Seconds(1, 1.5, 2.25, 3.375, 5.062, 7.593, 11.39, 15));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_Jitter_StaysWithinTwentyPercent()
    {
        using var t = new TestClient(o => { o.Polling.Jitter = 0.2; o.Polling.Multiplier = 1; o.Polling.MaxDelay = TimeSpan.FromSeconds(10); o.Polling.InitialDelay = TimeSpan.FromSeconds(10); });
        var responses = Enumerable.Repeat(Job("processing"), 40).Append(Job("completed")).ToArray();
        t.Sequence(HttpMethod.Get, ExtractUrl, responses);

        await t.Client.WaitForExtractJobAsync("j1", new PollingOptions { InitialDelay = TimeSpan.FromSeconds(10), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(10), Jitter = 0.2, Timeout = Timeout.InfiniteTimeSpan });

        t.Time.Delays.Should().HaveCount(40).And.OnlyContain(d => d >= TimeSpan.FromSeconds(8) && d <= TimeSpan.FromSeconds(12));
        t.Time.Delays.Distinct().Should().HaveCountGreaterThan(1, "jitter spreads the delays");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_Failed_ThrowsJobFailedWithServerErrorAndSnapshot()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("processing"),
            Job("failed", """, "error": { "code": "RATE_LIMITED", "message": "target throttled the request", "retryable": true, "details": { "host": "a.example" } }"""));

        var ex = (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<JobFailedException>()).Which;

        ex.JobId.Should().Be("j1");
        ex.Error!.Code.Should().Be("RATE_LIMITED");
        ex.Error.Retryable.Should().BeTrue();
        ex.LastSnapshot.Should().BeOfType<ExtractJob>().Which.Status.Should().Be(JobStatus.Failed);
        ex.Message.Should().Contain("RATE_LIMITED").And.Contain("target throttled the request");
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("canceled")]
    public async Task WaitForExtractJobAsync_Cancelled_ThrowsJobCancelled(string wire)
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("processing"), Job(wire));

        var ex = (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<JobCancelledException>()).Which;

        ex.JobId.Should().Be("j1");
        ex.LastSnapshot!.Status.Should().Be(JobStatus.Cancelled);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_Timeout_ShortensTheLastSleepAndThrowsJobTimeout()
    {
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(10); p.Multiplier = 2; });
        t.Respond(HttpMethod.Get, ExtractUrl, Job("processing"));

        var ex = (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<JobTimeoutException>()).Which;

        // 1 + 2 + 4 = 7 s; the next 8 s would pass the 10 s deadline, so the last sleep ends 100 ms before it.
        t.Time.Delays.Should().Equal(Seconds(1, 2, 4, 2.9));
        t.Requests.Should().HaveCount(5, "one final poll lands just before the deadline");
        ex.Elapsed.Should().Be(TimeSpan.FromSeconds(9.9));
        ex.LastSnapshot!.Status.Should().Be(JobStatus.Processing);
        ex.CancelRequested.Should().BeFalse();
    }

    [Fact]
    public async Task WaitForExtractJobAsync_UnknownStatus_KeepsPollingUntilTheTimeout()
    {
        using var t = Client(p => p.Timeout = TimeSpan.FromSeconds(5));
        t.Respond(HttpMethod.Get, ExtractUrl, Job("throttled"));

        var ex = (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.LastSnapshot!.Status.ToString().Should().Be("throttled");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_CallerCancels_ThrowsOperationCanceledNotAJobException()
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, ExtractUrl, Job("processing"));
        using var cts = new CancellationTokenSource();
        var seen = 0;
        var progress = new SyncProgress<ExtractJob>(_ =>
        {
            if (++seen == 3)
            {
                cts.Cancel();
            }
        });

        await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1", progress: progress, cancellationToken: cts.Token))
            .Should().ThrowAsync<OperationCanceledException>();
        t.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_RetryAfterOnAPollResponse_LengthensTheNextDelay()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, TestClient.Json(TestClient.Job("j1", "processing"), retryAfter: TimeSpan.FromSeconds(7)), Job("processing"), Job("completed"));

        await t.Client.WaitForExtractJobAsync("j1");

        t.Time.Delays.Should().Equal(Seconds(7, 1.5));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_RetryAfterOnA429_IsHonouredInsideTheWait()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, TestClient.Json("""{"code":"RATE_LIMITED","message":"slow down"}""", HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(4)), Job("completed"));

        await t.Client.WaitForExtractJobAsync("j1");

        t.Time.Delays.Should().Equal(Seconds(4));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_TransientErrors_AreRetriedInsideTheWait()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl,
            TestClient.Status(HttpStatusCode.ServiceUnavailable),
            TestClient.Status(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html"),
            TestClient.Status(HttpStatusCode.OK, "<html>proxy page</html>", "text/html"),
            Job("completed"));

        var job = await t.Client.WaitForExtractJobAsync("j1");

        job.Status.Should().Be(JobStatus.Completed);
        t.Time.Delays.Should().Equal(Seconds(1, 1.5, 2.25));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_TooManyConsecutiveErrors_ThrowsTheLastError()
    {
        using var t = Client(p => p.MaxConsecutiveErrors = 3);
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("processing"), TestClient.Status(HttpStatusCode.ServiceUnavailable), Job("processing"),
            TestClient.Status(HttpStatusCode.InternalServerError), TestClient.Status(HttpStatusCode.BadGateway), TestClient.Status(HttpStatusCode.ServiceUnavailable));

        var ex = (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        t.Requests.Should().HaveCount(6, "a success in between resets the count");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_NonTransientError_EndsTheWaitAtOnce()
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, ExtractUrl, TestClient.Status(HttpStatusCode.Unauthorized, """{"code":"UNAUTHORIZED","message":"bad key"}"""));

        await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<ScraperAuthenticationException>();
        t.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_NotFoundWithinGracePeriod_CountsAsQueued()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, TestClient.Status(HttpStatusCode.NotFound), TestClient.Status(HttpStatusCode.NotFound), Job("completed"));

        var job = await t.Client.WaitForExtractJobAsync("j1");

        job.Status.Should().Be(JobStatus.Completed);
        t.Time.Delays.Should().Equal(Seconds(1, 1.5));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_NotFoundAfterGracePeriod_ThrowsNotFound()
    {
        using var t = Client(p => p.NotFoundGracePeriod = TimeSpan.FromSeconds(2));
        t.Respond(HttpMethod.Get, ExtractUrl, TestClient.Status(HttpStatusCode.NotFound));

        await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1")).Should().ThrowAsync<ScraperNotFoundException>();

        // Polls at 0 s and 1 s are in the grace period; the one at 2.5 s is not.
        t.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task WaitForBatchAsync_PollsWithTheSmallestPageAndReportsProgress()
    {
        using var t = Client();
        const string url = TestClient.Base + "v1/batch/b1?page=1&page_size=1";
        t.Sequence(HttpMethod.Get, url,
            TestClient.Json(TestClient.Job("b1", "processing", """, "total_urls": 3, "completed_urls": 1""")),
            TestClient.Json(TestClient.Job("b1", "completed", """, "total_urls": 3, "completed_urls": 3""")));
        var seen = new List<int>();

        var job = await t.Client.WaitForBatchAsync("b1", progress: new SyncProgress<BatchJob>(j => seen.Add(j.CompletedUrls)));

        job.CompletedUrls.Should().Be(3);
        seen.Should().Equal(1, 3);
        t.Requests.Should().OnlyContain(r => r.Uri.Query == "?page=1&page_size=1");
    }

    [Fact]
    public async Task WaitForCrawlAsync_CancelJobOnTimeout_CancelsOnTheServer()
    {
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(3); p.CancelJobOnTimeout = true; });
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/c1?page=1&page_size=1", TestClient.Json(TestClient.Job("c1", "processing")));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/crawl/c1", TestClient.Json("""{"job_id":"c1","status":"cancelled","status_url":"/v1/crawl/c1","in_flight_pages":2}""", HttpStatusCode.Accepted));

        var ex = (await FluentActions.Awaiting(() => t.Client.WaitForCrawlAsync("c1")).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.CancelRequested.Should().BeTrue();
        t.Requests.Last().Method.Should().Be(HttpMethod.Delete);
    }

    [Fact]
    public async Task WaitForBatchAsync_TimeoutWithoutCancelJobOnTimeout_LeavesTheJobRunning()
    {
        using var t = Client(p => p.Timeout = TimeSpan.FromSeconds(3));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=1", TestClient.Json(TestClient.Job("b1", "processing")));

        (await FluentActions.Awaiting(() => t.Client.WaitForBatchAsync("b1")).Should().ThrowAsync<JobTimeoutException>()).Which.CancelRequested.Should().BeFalse();
        t.Requests.Should().OnlyContain(r => r.Method == HttpMethod.Get);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_InvalidPollingOptions_ThrowsBeforeAnyRequest()
    {
        using var t = Client();

        (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1", new PollingOptions { Multiplier = 0.5 })).Should().ThrowAsync<ArgumentException>())
            .Which.ParamName.Should().Be("polling");
        t.Requests.Should().BeEmpty();
    }

    private static TimeSpan[] Seconds(params double[] values) => values.Select(TimeSpan.FromSeconds).ToArray();

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would make the test racy).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
