using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Internal;

public sealed class ResilienceTests
{
    private static readonly ExtractRequest Request = new() { Url = "https://example.org/" };

    [Fact]
    public async Task Get_TransientStatuses_AreRetriedWithDoublingDelays()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            TestClient.Status(HttpStatusCode.ServiceUnavailable),
            TestClient.Status(HttpStatusCode.BadGateway),
            TestClient.Status(HttpStatusCode.RequestTimeout),
            TestClient.Json(TestClient.Job("j1", "queued")));

        var job = await t.Run(t.Client.GetExtractJobAsync("j1"));

        job.Status.Should().Be(JobStatus.Queued);
        t.Requests.Should().HaveCount(4);
        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    public static TheoryData<HttpStatusCode, Type> TransientStatuses => new()
    {
        { HttpStatusCode.RequestTimeout, typeof(ScraperApiException) },
        { HttpStatusCode.TooManyRequests, typeof(ScraperRateLimitException) },
        { HttpStatusCode.InternalServerError, typeof(ScraperApiException) },
        { HttpStatusCode.BadGateway, typeof(ScraperApiException) },
        { HttpStatusCode.ServiceUnavailable, typeof(ScraperApiException) },
        { HttpStatusCode.GatewayTimeout, typeof(ScraperApiException) },
    };

    [Theory]
    [MemberData(nameof(TransientStatuses))]
    public async Task Get_TransientStatusAlone_IsRetriedOnceAndSucceeds(HttpStatusCode status, Type _)
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1", TestClient.Status(status), TestClient.Json(TestClient.Job("j1", "queued")));

        var job = await t.Run(t.Client.GetExtractJobAsync("j1"));

        job.JobId.Should().Be("j1");
        t.Requests.Should().HaveCount(2);
        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(0.5));
    }

    [Theory]
    [MemberData(nameof(TransientStatuses))]
    public async Task Get_TransientStatusBurstLongerThanTheRetryBudget_ThrowsItsTypedErrorAfterFourAttempts(HttpStatusCode status, Type expected)
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            TestClient.Status(status), TestClient.Status(status), TestClient.Status(status), TestClient.Status(status), TestClient.Json(TestClient.Job("j1", "queued")));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1"))).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.Should().BeOfType(expected);
        ex.StatusCode.Should().Be(status);
        t.Requests.Should().HaveCount(4, "one attempt and three retries; the fifth answer would have succeeded");
        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Get_RetriesExhausted_ThrowsTheLastError()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/j1", TestClient.Status(HttpStatusCode.ServiceUnavailable, """{"code":"UNAVAILABLE","message":"maintenance","retryable":true}"""));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1"))).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ex.ErrorCode.Should().Be("UNAVAILABLE");
        t.Requests.Should().HaveCount(4, "one attempt and three retries");
    }

    [Fact]
    public async Task Get_ConnectionDropped_IsRetried()
    {
        // MockHttp never completes a request whose responder throws, so network failures use a lambda handler.
        LambdaHandler handler = null!;
        handler = new LambdaHandler((_, _) => handler.Calls == 1
            ? throw new HttpRequestException("connection reset", new IOException("reset"))
            : Task.FromResult(TestClient.Json(TestClient.Job("j1", "queued"))()));
        using var t = new TestClient(handler: handler);

        await t.Run(t.Client.GetExtractJobAsync("j1"));

        handler.Calls.Should().Be(2);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Post_ServerErrorAfterSending_IsNeverSentAgain(HttpStatusCode status)
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Status(status));

        await FluentActions.Awaiting(() => t.Run(t.Client.ExtractAsync(Request))).Should().ThrowAsync<ScraperApiException>();

        t.Requests.Should().ContainSingle("a second POST could start and bill a second job");
    }

    [Fact]
    public async Task Post_ConnectionFailedMidRequest_IsNeverSentAgain()
    {
        var handler = new LambdaHandler((_, _) => throw new HttpRequestException("The response ended prematurely.", new IOException("eof")));
        using var t = new TestClient(handler: handler);

        await FluentActions.Awaiting(() => t.Run(t.Client.StartExtractAsync(Request))).Should().ThrowAsync<HttpRequestException>();
        handler.Calls.Should().Be(1);
    }

    [Fact]
    public async Task Post_ConnectionRefusedBeforeSending_IsRetried()
    {
        LambdaHandler handler = null!;
        handler = new LambdaHandler((_, _) => handler.Calls == 1
            ? throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))
            : Task.FromResult(TestClient.Json(TestClient.Fixture("extract-accepted.json"), HttpStatusCode.Accepted)()));
        using var t = new TestClient(handler: handler);

        await t.Run(t.Client.StartExtractAsync(Request));

        handler.Calls.Should().Be(2);
    }

    [Fact]
    public async Task Post_AttemptTimeout_ThrowsTimeoutExceptionAndIsNeverSentAgain()
    {
        TestClock clock = null!;
        var hang = new LambdaHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromHours(1), clock, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var t = new TestClient(o => o.AttemptTimeout = TimeSpan.FromSeconds(30), hang);
        clock = t.Time;

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.StartExtractAsync(Request))).Should().ThrowAsync<TimeoutException>()).Which;

        ex.Message.Should().Be("POST /v1/extract did not complete within the attempt timeout of 30 s. The server may have received it, so it was not sent again (a second POST could start and bill a second job).");
        hang.Calls.Should().Be(1);
    }

    [Fact]
    public async Task Get_AttemptTimeout_IsRetried()
    {
        TestClock clock = null!;
        var hang = new LambdaHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromHours(1), clock, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var t = new TestClient(o => { o.AttemptTimeout = TimeSpan.FromSeconds(30); o.Retry.MaxRetries = 2; }, hang);
        clock = t.Time;

        await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1"))).Should().ThrowAsync<TimeoutException>();
        hang.Calls.Should().Be(3);
    }

    [Fact]
    public async Task Post_429WithRetryAfter_IsRetriedAfterTheServersDelay()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Post, TestClient.Base + "v1/extract",
            TestClient.Json("""{"code":"RATE_LIMITED","message":"too many"}""", HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)),
            TestClient.Json(TestClient.Fixture("extract-accepted.json"), HttpStatusCode.Accepted));

        await t.Run(t.Client.StartExtractAsync(Request));

        t.Requests.Should().HaveCount(2, "a 429 means the server did not start the job");
        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Get_BodyTricklesPastTheAttemptTimeout_TheAttemptTimesOutAndIsRetried()
    {
        using var t = new TestClient(o => { o.AttemptTimeout = TimeSpan.FromSeconds(3); o.Retry.MaxRetries = 1; });
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/j1", () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new TricklingContent(t.Time, TestClient.Job("j1", "queued"), TimeSpan.FromSeconds(1)),
        });

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1"))).Should().ThrowAsync<TimeoutException>()).Which;

        ex.Message.Should().Be("GET /v1/extract/{job_id} did not complete within the attempt timeout of 3 s.");
        t.Requests.Should().HaveCount(2, "headers arrived at once, but the attempt timeout covers the body too");
        t.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(6.5), "two attempts of 3 s and the 0.5 s retry delay");
    }

    [Fact]
    public async Task Get_BodyCutShort_IsRetriedAndSucceeds()
    {
        using var t = new TestClient();
        var body = TestClient.Job("j1", "queued");
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new TricklingContent(t.Time, body, TimeSpan.Zero, cutAfter: 10) },
            TestClient.Json(body));

        var job = await t.Run(t.Client.GetExtractJobAsync("j1"));

        job.Status.Should().Be(JobStatus.Queued);
        t.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Get_BodyCutShortEveryTime_ThrowsScraperResponseExceptionNotIOException()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new TricklingContent(t.Time, TestClient.Job("j1", "queued"), TimeSpan.Zero, cutAfter: 10) });

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1"))).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.Message.Should().Contain("the response body was cut short");
        ex.InnerException.Should().BeOfType<IOException>();
        t.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task Get_ConnectionResetMidBodyOverRealSockets_IsRetriedAndSucceeds()
    {
        var body = TestClient.Job("j1", "queued");
        var calls = 0;
        await using var server = new LoopbackServer(() => Interlocked.Increment(ref calls) == 1
            ? $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body[..12]}"
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        var options = new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = server.BaseAddress };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        using var client = new ScraperClient(options);

        var job = await client.GetExtractJobAsync("j1");

        job.JobId.Should().Be("j1");
        server.RequestHeads.Should().HaveCount(2, "the connection closed 12 bytes into the body; the retry read it whole");
    }

    [Fact]
    public async Task Post_BodyCutShort_IsNeverSentAgainAndSaysTheJobMayExist()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract",
            () => new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new TricklingContent(t.Time, TestClient.Fixture("extract-accepted.json"), TimeSpan.Zero, cutAfter: 10) });

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.StartExtractAsync(Request))).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.Message.Should().Contain("not sent again");
        t.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("0", 0.5)]
    [InlineData("-3", 0.5)]
    [InlineData("in a while", 0.5)]
    [InlineData("4", 4)]
    public async Task RetryAfter_NeverShortensTheBackoffAndGarbageIsIgnored(string retryAfter, double expectedSeconds)
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            TestClient.WithRetryAfter("""{"code":"UNAVAILABLE"}""", retryAfter, HttpStatusCode.ServiceUnavailable),
            TestClient.Json(TestClient.Job("j1", "queued")));

        await t.Run(t.Client.GetExtractJobAsync("j1"));

        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public async Task RetryAfterAsHttpDate_IsMeasuredAgainstTheResponsesDateNotTheLocalClock()
    {
        using var t = new TestClient();

        // The server's clock is 2 minutes behind ours: its date header and its Retry-After agree on 3 s.
        var serverNow = TestClock.Epoch.AddMinutes(-2);
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            TestClient.WithRetryAfter("{}", serverNow.AddSeconds(3).ToString("r", System.Globalization.CultureInfo.InvariantCulture), HttpStatusCode.ServiceUnavailable, serverNow),
            TestClient.Json(TestClient.Job("j1", "queued")));

        await t.Run(t.Client.GetExtractJobAsync("j1"));

        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task RetryAfterAsHttpDate_IsHonoured()
    {
        using var t = new TestClient();
        var at = t.Time.GetUtcNow().AddSeconds(3);
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            () =>
            {
                var r = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                r.Headers.RetryAfter = new RetryConditionHeaderValue(at);
                return r;
            },
            TestClient.Json(TestClient.Job("j1", "queued")));

        await t.Run(t.Client.GetExtractJobAsync("j1"));

        t.Time.Delays.Should().Equal(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task RetryAfterOverTheCap_ThrowsRateLimitWithRetryAfterAndDoesNotWait()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract",
            TestClient.Json("""{"code":"RATE_LIMITED","message":"concurrency limit reached","retryable":true}""", HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(120)));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.ExtractAsync(Request))).Should().ThrowAsync<ScraperRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        ex.ErrorCode.Should().Be("RATE_LIMITED");
        ex.Message.Should().Contain("120");
        t.Requests.Should().ContainSingle();
        t.Time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task RetriesOff_SendsOnce()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 0);
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/j1", TestClient.Status(HttpStatusCode.ServiceUnavailable));

        await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1"))).Should().ThrowAsync<ScraperApiException>();
        t.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task CallerCancellation_IsNotRetried()
    {
        using var cts = new CancellationTokenSource();
        var handler = new LambdaHandler((_, ct) =>
        {
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        });
        using var t = new TestClient(handler: handler);

        await FluentActions.Awaiting(() => t.Run(t.Client.GetExtractJobAsync("j1", cts.Token))).Should().ThrowAsync<OperationCanceledException>();
        handler.Calls.Should().Be(1);
    }
}
