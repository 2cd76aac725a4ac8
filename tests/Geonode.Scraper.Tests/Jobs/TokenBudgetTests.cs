using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Jobs;

/// <summary>Budgeted waits: checked at each poll, a running job over the budget is cancelled once and the wait throws with
/// the usage; the budget caps the poll interval, which bounds the overshoot.</summary>
public sealed class TokenBudgetTests
{
    private const string Status = TestClient.Base + "v1/batch/b1?page=1&page_size=1";

    [Fact]
    public async Task WaitForBatchAsync_RunningJobCrossesTheBudget_CancelsItOnceAndThrowsWithTheUsage()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, Status, TestClient.Json(Batch("processing", 3)), TestClient.Json(Batch("processing", 25)), TestClient.Json(Batch("cancelled", 26)));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Json("""{"job_id":"b1","status":"cancelled","status_url":"/v1/batch/b1","in_flight_urls":2}""", HttpStatusCode.Accepted));
        var seen = new List<int>();

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForBatchAsync("b1", new TokenBudget { MaxTokens = 20 }, progress: new SyncProgress<BatchJob>(b => seen.Add(b.TokenSummary!.TokensChargedTotal)))))
            .Should().ThrowAsync<JobBudgetExceededException>()).Which;

        ex.JobId.Should().Be("b1");
        ex.Usage.TokensChargedTotal.Should().Be(25);
        ex.MaxTokens.Should().Be(20);
        ex.CancelRequested.Should().BeTrue();
        ex.LastSnapshot.Should().BeOfType<BatchJob>().Which.TokenSummary!.TokensChargedTotal.Should().Be(25);
        ex.Message.Should().Contain("25 tokens").And.Contain("budget of 20").And.Contain("cancelled on the server");
        seen.Should().Equal([3, 25], "the caller's progress sees every snapshot, the crossing one too, and the wait polls no more");
        t.Requests.Count(r => r.Method == HttpMethod.Delete).Should().Be(1);
    }

    [Fact]
    public async Task WaitForBatchAsync_JobEndsOverTheBudget_ReturnsItWithoutCancelling()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, Status, TestClient.Json(Batch("processing", 3)), TestClient.Json(Batch("completed", 30)));

        var job = await t.Run(t.Client.WaitForBatchAsync("b1", new TokenBudget { MaxTokens = 20 }));

        job.TokenSummary!.TokensChargedTotal.Should().Be(30);
        t.Requests.Should().NotContain(r => r.Method == HttpMethod.Delete, "a job that ended on its own has nothing left to stop");
    }

    [Fact]
    public async Task WaitForBatchAsync_CancelRefused_ReportsTheCancelError()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, Status, TestClient.Json(Batch("processing", 25)));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Json("""{"code":"CONFLICT","message":"Job already finished"}""", HttpStatusCode.Conflict));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForBatchAsync("b1", new TokenBudget { MaxTokens = 20 })))
            .Should().ThrowAsync<JobBudgetExceededException>()).Which;

        ex.CancelRequested.Should().BeFalse();
        ex.CancelError.Should().BeOfType<ScraperConflictException>();
        ex.Message.Should().Contain("may still be running");
    }

    [Fact]
    public async Task WaitForCrawlAsync_Budget_CapsThePollInterval()
    {
        using var t = new TestClient(o =>
        {
            o.Polling.InitialDelay = TimeSpan.FromSeconds(10);
            o.Polling.MaxDelay = TimeSpan.FromMinutes(1);
        });
        var polledAt = new List<DateTimeOffset>();
        var polls = 0;
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/c1?page=1&page_size=1").Respond(_ =>
        {
            polledAt.Add(t.Time.GetUtcNow());
            var status = ++polls < 8 ? "processing" : "completed";
            return TestClient.Json(TestClient.Job("c1", status, ""","token_summary":{"tokens_charged_total":1,"tokens_reserved":0}"""))();
        });

        await t.Run(t.Client.WaitForCrawlAsync("c1", new TokenBudget { MaxTokens = 100, MaxPollInterval = TimeSpan.FromSeconds(2) }));

        polledAt.Should().HaveCount(8);
        polledAt.Zip(polledAt.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap <= TimeSpan.FromSeconds(2), "without the budget the client polls every 10 s to 1 min");
    }

    [Fact]
    public async Task WaitForBatchAsync_BadBudget_ThrowsNamingTheParameter_BeforeAnyRequest()
    {
        using var t = new TestClient();

        await FluentActions.Awaiting(() => t.Client.WaitForBatchAsync("b1", (TokenBudget)null!)).Should().ThrowAsync<ArgumentNullException>().WithParameterName("budget");
        await FluentActions.Awaiting(() => t.Client.WaitForBatchAsync("b1", new TokenBudget { MaxTokens = -1 })).Should().ThrowAsync<ArgumentException>().WithParameterName("budget");
        await FluentActions.Awaiting(() => t.Client.WaitForCrawlAsync("c1", new TokenBudget { MaxPollInterval = TimeSpan.Zero })).Should().ThrowAsync<ArgumentException>().WithParameterName("budget");
        t.Requests.Should().BeEmpty();
    }

    private static string Batch(string status, int charged) =>
        TestClient.Job("b1", status, $$""","total_urls":100,"completed_urls":{{charged}},"token_summary":{"tokens_charged_total":{{charged}},"tokens_reserved":{{100 - charged}}}""");
}
