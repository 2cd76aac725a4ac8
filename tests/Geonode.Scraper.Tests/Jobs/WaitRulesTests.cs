using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Geonode.Scraper.Tests.Jobs;

/// <summary>
/// Waits and watches are the same loop: every rule is checked once through <c>WaitForBatchAsync</c> and once through
/// <c>WatchBatchItemsAsync</c>, against the same scripted status endpoint, with the same expected polls and delays.
/// </summary>
public sealed class WaitRulesTests
{
    private const string StatusUrl = TestClient.Base + "v1/batch/b1?page=1&page_size=1";
    private const string PageUrl = TestClient.Base + "v1/batch/b1?page=1&page_size=50";

    public enum Mode
    {
        Wait,
        Watch,
    }

    public static TheoryData<Mode> Modes => [Mode.Wait, Mode.Watch];

    private static Func<HttpResponseMessage> Batch(string status, string extra = "") => TestClient.Json(TestClient.Job("b1", status, extra));

    private static Func<HttpResponseMessage> RateLimited(string retryAfter) =>
        TestClient.WithRetryAfter("""{"code":"RATE_LIMITED","message":"slow down"}""", retryAfter, HttpStatusCode.TooManyRequests);

    private static TestClient Client(Action<PollingOptions>? polling = null, FakeLogger<ScraperClient>? logger = null)
    {
        var t = new TestClient(o => polling?.Invoke(o.Polling), logger: logger);
        t.Respond(HttpMethod.Get, PageUrl, TestClient.Json("""{"job_id":"b1","status":"completed","created_at":"2026-09-01T12:00:00Z","results":[]}"""));
        return t;
    }

    private static Task Run(TestClient t, Mode mode, PollingOptions? polling = null, IProgress<BatchJob>? progress = null) => mode == Mode.Wait
        ? t.Run(t.Client.WaitForBatchAsync("b1", polling, progress))
        : t.Run(t.Client.WatchBatchItemsAsync("b1", polling, progress));

    private static IEnumerable<RecordedRequest> StatusPolls(TestClient t) => t.Requests.Where(r => r.Uri.Query == "?page=1&page_size=1");

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task NotFoundWithinTheGracePeriod_CountsAsQueued(Mode mode)
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, StatusUrl, TestClient.Status(HttpStatusCode.NotFound), TestClient.Status(HttpStatusCode.NotFound), Batch("completed"));

        await Run(t, mode);

        t.Time.Delays.Should().Equal(Seconds(1, 1.5));
        StatusPolls(t).Should().HaveCount(3);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task NotFoundAfterTheGracePeriod_ThrowsNotFound(Mode mode)
    {
        using var t = Client(p => p.NotFoundGracePeriod = TimeSpan.FromSeconds(2));
        t.Respond(HttpMethod.Get, StatusUrl, TestClient.Status(HttpStatusCode.NotFound));

        await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<ScraperNotFoundException>();

        // Polls at 0 s and 1 s are in the grace period; the one at 2.5 s is not.
        StatusPolls(t).Should().HaveCount(3);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task TransientErrors_AreRetriedOnTheWaitsBackoffWithoutConnectionRetries(Mode mode)
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, StatusUrl,
            TestClient.Status(HttpStatusCode.ServiceUnavailable),
            TestClient.Status(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html"),
            TestClient.Status(HttpStatusCode.OK, "<html>proxy page</html>", "text/html"),
            Batch("completed"));

        await Run(t, mode);

        t.Time.Delays.Should().Equal(Seconds(1, 1.5, 2.25));
        StatusPolls(t).Should().HaveCount(4, "the wait retries its polls itself, so connection retries do not multiply them");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task TooManyConsecutiveErrors_ThrowTheLastErrorAndASuccessResetsTheCount(Mode mode)
    {
        using var t = Client(p => p.MaxConsecutiveErrors = 3);
        t.Sequence(HttpMethod.Get, StatusUrl, Batch("processing"), TestClient.Status(HttpStatusCode.ServiceUnavailable), Batch("processing"),
            TestClient.Status(HttpStatusCode.InternalServerError), TestClient.Status(HttpStatusCode.BadGateway), TestClient.Status(HttpStatusCode.ServiceUnavailable));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        StatusPolls(t).Should().HaveCount(6);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task NonTransientError_EndsTheWaitAtOnce(Mode mode)
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, StatusUrl, TestClient.Status(HttpStatusCode.Unauthorized, """{"code":"UNAUTHORIZED","message":"bad key"}"""));

        await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<ScraperAuthenticationException>();
        StatusPolls(t).Should().HaveCount(1);
    }

    public static TheoryData<Mode, string, bool, double> RetryAfterValues()
    {
        var data = new TheoryData<Mode, string, bool, double>();
        foreach (var mode in new[] { Mode.Wait, Mode.Watch })
        {
            data.Add(mode, "7", false, 7);                                      // seconds: lengthens the 1 s backoff
            data.Add(mode, "0", false, 1);                                      // zero never shortens the wait's own delay
            data.Add(mode, "-5", false, 1);                                     // negative counts as zero
            data.Add(mode, "soon", false, 1);                                   // garbage: the wait's own backoff
            data.Add(mode, "Tue, 01 Sep 2026 12:00:10 GMT", false, 10);         // a date, measured against the response's Date
            data.Add(mode, "Tue, 01 Sep 2026 11:59:10 GMT", true, 10);          // the server's clock a minute behind ours: still 10 s
            data.Add(mode, "7", true, 7);                                       // on a 429 as on a 200
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RetryAfterValues))]
    public async Task RetryAfter_LengthensTheNextDelayOnly(Mode mode, string retryAfter, bool skewedOrRateLimited, double expectedSeconds)
    {
        using var t = Client();
        var date = retryAfter.Contains("11:59", StringComparison.Ordinal) ? new DateTimeOffset(2026, 9, 1, 11, 59, 0, TimeSpan.Zero) : TestClock.Epoch;
        var first = skewedOrRateLimited && !retryAfter.Contains(':', StringComparison.Ordinal)
            ? RateLimited(retryAfter)
            : TestClient.WithRetryAfter(TestClient.Job("b1", "processing"), retryAfter, date: date);
        t.Sequence(HttpMethod.Get, StatusUrl, first, Batch("processing"), Batch("completed"));

        await Run(t, mode);

        t.Time.Delays.Should().Equal(Seconds(expectedSeconds, 1.5));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task RetryAfterBeyondTheCap_EndsTheWaitWithRateLimitAtOnceEvenWithoutATimeout(Mode mode)
    {
        using var t = Client(p => p.Timeout = Timeout.InfiniteTimeSpan);
        t.Respond(HttpMethod.Get, StatusUrl, TestClient.WithRetryAfter(TestClient.Job("b1", "processing"), "5184000"));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<ScraperRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromDays(60));
        ex.Message.Should().Contain("1440 h").And.Contain("Retry.MaxRetryAfter (1 min)");
        t.Time.Delays.Should().BeEmpty("nothing sleeps towards a 60-day Retry-After");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task RetryAfterPastTheDeadline_EndsTheWaitWithRateLimitAtOnce(Mode mode)
    {
        using var t = Client(p => p.Timeout = TimeSpan.FromSeconds(30));
        t.Respond(HttpMethod.Get, StatusUrl, RateLimited("45"));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<ScraperRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(45));
        StatusPolls(t).Should().HaveCount(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Deadline_PlacesAFinalPollBeforeItThenThrowsJobTimeout(Mode mode)
    {
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(3); p.Multiplier = 2; });
        t.Respond(HttpMethod.Get, StatusUrl, Batch("processing"));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<JobTimeoutException>()).Which;

        // 1 s, then the next 2 s would pass the 3 s deadline: the last sleep ends 0.3 s (a tenth) before it.
        t.Time.Delays.Where(d => d < TimeSpan.FromSeconds(3)).Should().Equal(Seconds(1, 1.7));
        StatusPolls(t).Should().HaveCount(3);
        ex.Message.Should().Contain("within the timeout of 3 s");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task CancelJobOnTimeout_CancelsOnTheServerAndSaysSo(Mode mode)
    {
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(3); p.CancelJobOnTimeout = true; });
        t.Respond(HttpMethod.Get, StatusUrl, Batch("processing"));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Json("""{"job_id":"b1","status":"cancelled","status_url":"/v1/batch/b1","in_flight_urls":2}""", HttpStatusCode.Accepted));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.CancelRequested.Should().BeTrue();
        ex.CancelError.Should().BeNull();
        ex.Message.Should().EndWith("The job was cancelled on the server.");
        t.Requests.Last().Method.Should().Be(HttpMethod.Delete);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task CancelJobOnTimeout_JobEndedMeanwhile_ReportsThatTheCancelFailed(Mode mode)
    {
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(3); p.CancelJobOnTimeout = true; });
        t.Respond(HttpMethod.Get, StatusUrl, Batch("processing"));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Status(HttpStatusCode.Conflict, """{"code":"JOB_NOT_CANCELLABLE","message":"Job is already completed"}"""));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.CancelRequested.Should().BeFalse();
        ex.CancelError.Should().BeOfType<ScraperConflictException>();
        ex.Message.Should().Contain("Cancelling the job failed");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task CancelJobOnTimeout_CancelsAnswerLost_ReadsTheJobAndReportsItCancelled(Mode mode)
    {
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(3); p.CancelJobOnTimeout = true; });
        // Polls at 0, 1 and 2.5 s and a final one at 2.7 s; the read after the lost cancel finds the job cancelled.
        t.Sequence(HttpMethod.Get, StatusUrl, Batch("processing"), Batch("processing"), Batch("processing"), Batch("processing"), Batch("cancelled"));

        // The first DELETE reaches the server and cancels the job, but its answer is lost; the retry hears 409.
        t.Sequence(HttpMethod.Delete, TestClient.Base + "v1/batch/b1",
            TestClient.NetworkFailure(),
            TestClient.Status(HttpStatusCode.Conflict, """{"code":"JOB_NOT_CANCELLABLE","message":"Job is already cancelled"}"""));

        var ex = (await FluentActions.Awaiting(() => Run(t, mode)).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.CancelRequested.Should().BeTrue();
        ex.CancelError.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Progress_GetsEverySnapshotOnce(Mode mode)
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, StatusUrl,
            Batch("processing", """, "total_urls": 3, "completed_urls": 1"""),
            Batch("processing", """, "total_urls": 3, "completed_urls": 2"""),
            Batch("completed", """, "total_urls": 3, "completed_urls": 3"""));
        t.Respond(HttpMethod.Get, PageUrl, TestClient.Json("""{"job_id":"b1","status":"completed","created_at":"2026-09-01T12:00:00Z","total_urls":3,"completed_urls":3,"results":[]}"""));
        var seen = new List<int>();

        await Run(t, mode, progress: new SyncProgress<BatchJob>(j => seen.Add(j.CompletedUrls)));

        seen.Should().Equal(1, 2, 3);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Logs_EveryPollAndEveryFailedPollWithReasonAndDelay(Mode mode)
    {
        var logger = new FakeLogger<ScraperClient>();
        using var t = Client(logger: logger);
        t.Sequence(HttpMethod.Get, StatusUrl, Batch("processing"), TestClient.Status(HttpStatusCode.ServiceUnavailable), Batch("completed"));

        await Run(t, mode);

        var messages = logger.Collector.GetSnapshot().Select(r => r.Message).ToList();
        messages.Should().Contain("Job b1 is processing (0/0 settled); next poll in 00:00:01 (backoff)");
        messages.Should().Contain(m => m.StartsWith("Polling job b1 failed (1 in a row): HTTP 503", StringComparison.Ordinal) && m.EndsWith("next poll in 00:00:01.5000000", StringComparison.Ordinal));
        messages.Should().Contain(m => m.StartsWith("Job b1 ended as completed", StringComparison.Ordinal));
    }

    private static TimeSpan[] Seconds(params double[] values) => values.Select(TimeSpan.FromSeconds).ToArray();
}
