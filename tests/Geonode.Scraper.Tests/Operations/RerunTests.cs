using System.Net;
using System.Text.Json;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Operations;

/// <summary>Re-runs beyond one batch: more than 1,000 failed pages split, a split that stops half way says what it started,
/// and a start answered 429 is waited out by the connection's retries alone.</summary>
public sealed class RerunTests
{
    [Fact]
    public async Task RerunFailedAsync_1001FailedPages_SplitsInto1000And1_WithTheCrawlsSettings()
    {
        using var t = new TestClient();
        var urls = FakeCrawl.WithFailedPages(t, "c1", 1001);
        t.Sequence(HttpMethod.Post, TestClient.Base + "v1/batch", FakeCrawl.Accepted("r1", 1000), FakeCrawl.Accepted("r2", 1));

        var rerun = await t.Run(t.Client.GetCrawlOperation("c1").RerunFailedAsync());

        rerun.Batches.Select(b => b.JobId).Should().Equal("r1", "r2");
        rerun.Batches[0].Accepted!.AcceptedUrls.Should().Be(1000);
        rerun.FailedUrls.Should().Equal(urls);
        rerun.SettingsSource.Should().Be(RerunSettingsSource.JobStatus);
        var posts = t.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        posts.Select(p => p.GetProperty("urls").GetArrayLength()).Should().Equal(1000, 1);
        posts.SelectMany(p => p.GetProperty("urls").EnumerateArray().Select(u => u.GetString())).Should().Equal(urls);
        posts.Should().OnlyContain(p => p.GetProperty("render_js").GetBoolean() && p.GetProperty("formats")[0].GetString() == "html" && !p.GetProperty("ignore_invalid_urls").GetBoolean());
    }

    [Fact]
    public async Task RerunFailedAsync_SecondBatchRefused_ThrowsListingTheStartedBatchAndTheUrlsNotSent()
    {
        using var t = new TestClient();
        var urls = FakeCrawl.WithFailedPages(t, "c1", 1001);
        t.Sequence(HttpMethod.Post, TestClient.Base + "v1/batch", FakeCrawl.Accepted("r1", 1000), TestClient.Status(HttpStatusCode.PaymentRequired, """{"code":"INSUFFICIENT_BALANCE","message":"No balance left"}"""));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.GetCrawlOperation("c1").RerunFailedAsync())).Should().ThrowAsync<RerunIncompleteException>()).Which;

        ex.Started.Select(b => b.JobId).Should().Equal("r1");
        ex.NotStartedUrls.Should().Equal(urls[1000]);
        ex.InnerException.Should().BeOfType<ScraperInsufficientBalanceException>();
        ex.Message.Should().Contain("r1").And.Contain("1 URLs not sent");
    }

    [Fact]
    public async Task RerunFailedAsync_StartAnswered429Then429Then202_IsWaitedOutByThePipelineOnly_WithItsRetryAfter()
    {
        // MaxRetries 1: the second 429 is beyond the ordinary retries, and the throttle window still waits it out.
        using var t = new TestClient(o => o.Retry.MaxRetries = 1);
        FakeCrawl.WithFailedPages(t, "c1", 3);
        var throttled = """{"code":"RATE_LIMITED","message":"Concurrency limit reached"}""";
        t.Sequence(
            HttpMethod.Post,
            TestClient.Base + "v1/batch",
            TestClient.Json(throttled, (HttpStatusCode)429, TimeSpan.FromSeconds(7)),
            TestClient.Json(throttled, (HttpStatusCode)429, TimeSpan.FromSeconds(11)),
            FakeCrawl.Accepted("r1", 3));
        var before = t.Time.Delays.Count;

        var rerun = await t.Run(t.Client.GetCrawlOperation("c1").RerunFailedAsync(new RerunOptions { MaxThrottleWait = TimeSpan.FromMinutes(1) }));

        rerun.Batches.Should().ContainSingle().Which.JobId.Should().Be("r1");
        t.Requests.Count(r => r.Method == HttpMethod.Post).Should().Be(3, "one start: two attempts refused with 429, the third accepted");
        t.Time.Delays.Skip(before).Should().Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(11)], "each Retry-After is waited once, by one retry layer");
    }

    [Fact]
    public async Task RerunFailedAsync_ThrottledBeyondTheWindow_ThrowsThe429_WithoutSleepingPastIt()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 0);
        FakeCrawl.WithFailedPages(t, "c1", 2);
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/batch", TestClient.Json("""{"code":"RATE_LIMITED","message":"busy"}""", (HttpStatusCode)429, TimeSpan.FromSeconds(20)));

        await FluentActions.Awaiting(() => t.Run(t.Client.GetCrawlOperation("c1").RerunFailedAsync(new RerunOptions { MaxThrottleWait = TimeSpan.FromSeconds(50) })))
            .Should().ThrowAsync<ScraperRateLimitException>();

        t.Requests.Count(r => r.Method == HttpMethod.Post).Should().Be(3, "429s at 0 s, 20 s and 40 s; the next would land past the 50 s window");
        t.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task GetBatchOperation_BadJobId_ThrowsNamingTheParameter_BeforeAnyRequest()
    {
        using var t = new TestClient();

        FluentActions.Invoking(() => t.Client.GetBatchOperation(" ")).Should().Throw<ArgumentException>().WithParameterName("jobId");
        FluentActions.Invoking(() => t.Client.GetCrawlOperation("jobs")).Should().Throw<ArgumentException>().WithParameterName("jobId");
        t.Requests.Should().BeEmpty();
    }
}
