using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Geonode.Scraper.Tests.Waiting;

/// <summary>
/// The one wait policy: the base strategy's delay, then MaxDelay, a stop condition's cap, Retry-After and the deadline, in
/// one place; awareness of a completion signal per wait and per kind of job; and the token budget as a typed stop condition
/// that ends the wait without throwing through the caller's progress.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class WaitPolicyTests
{
    private const string BatchStatus = "https://api.test/v1/batch/b1?page=1&page_size=1";
    private static readonly (string, string?)[] NoEnvironment =
        [(ScraperClientOptions.ApiKeyEnvironmentVariable, null), (ScraperClientOptions.BaseAddressEnvironmentVariable, null)];

    [Fact]
    public async Task Budget_RunningJobCrossesIt_CancelsOnceAndThrowsWithTheUsage_WhileTheCallersProgressSeesEverySnapshot()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=1", TestClient.Json(Batch("processing", 3)), TestClient.Json(Batch("processing", 25)), TestClient.Json(Batch("cancelled", 26)));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Json("""{"job_id":"b1","status":"cancelled","status_url":"/v1/batch/b1","in_flight_urls":2}""", HttpStatusCode.Accepted));
        var seen = new List<int>();
        var operation = t.Client.GetBatchOperation("b1");

        var ex = (await FluentActions.Awaiting(() => t.Run(operation.WaitForCompletionAsync(
                new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 20 } },
                new SyncProgress<BatchJob>(b => seen.Add(b.TokenSummary!.TokensChargedTotal)))))
            .Should().ThrowAsync<JobBudgetExceededException>()).Which;

        ex.JobId.Should().Be("b1");
        ex.Usage.TokensChargedTotal.Should().Be(25);
        ex.MaxTokens.Should().Be(20);
        ex.CancelRequested.Should().BeTrue();
        ex.LastSnapshot.Should().BeOfType<BatchJob>().Which.TokenSummary!.TokensChargedTotal.Should().Be(25);
        ex.Message.Should().Contain("25 tokens").And.Contain("budget of 20").And.Contain("cancelled on the server");
        seen.Should().Equal([3, 25], "the caller's progress sees every snapshot, the crossing one too, and the wait polls no more");
        operation.LastSnapshot!.TokenSummary!.TokensChargedTotal.Should().Be(25);
        t.Requests.Count(r => r.Method == HttpMethod.Delete).Should().Be(1);
    }

    [Fact]
    public async Task Budget_JobEndsOverIt_ReturnsItWithoutCancelling()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=1", TestClient.Json(Batch("processing", 3)), TestClient.Json(Batch("completed", 30)));

        var job = await t.Run(t.Client.GetBatchOperation("b1").WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 20 } }));

        job.TokenSummary!.TokensChargedTotal.Should().Be(30);
        t.Requests.Should().NotContain(r => r.Method == HttpMethod.Delete, "a job that ended on its own has nothing left to stop");
    }

    [Fact]
    public async Task Budget_CancelRefused_ReportsTheCancelError()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=1", TestClient.Json(Batch("processing", 25)));
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Json("""{"code":"CONFLICT","message":"Job already finished"}""", HttpStatusCode.Conflict));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.GetBatchOperation("b1").WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 20 } })))
            .Should().ThrowAsync<JobBudgetExceededException>()).Which;

        ex.CancelRequested.Should().BeFalse();
        ex.CancelError.Should().BeOfType<ScraperConflictException>();
        ex.Message.Should().Contain("may still be running");
    }

    [Fact]
    public async Task Budget_BadValues_ThrowNamingTheParameter_BeforeAnyRequest()
    {
        using var t = new TestClient();
        var operation = t.Client.GetBatchOperation("b1");

        await FluentActions.Awaiting(() => operation.WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = -1 } })).Should().ThrowAsync<ArgumentException>().WithParameterName("options");
        await FluentActions.Awaiting(() => operation.WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxPollInterval = TimeSpan.Zero } })).Should().ThrowAsync<ArgumentException>().WithParameterName("options");
        await FluentActions.Awaiting(() => t.Client.GetExtractOperation("e1").WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 1 } })).Should().ThrowAsync<ArgumentException>().WithParameterName("options");
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Budget_UnderACompletionSignal_PollsAtMostEveryCap_AndSeesTheBreachWithinOneCap()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var polledAt = new List<TimeSpan>();
        var (provider, clock) = Build(mock, [WebhookEventType.BatchCompleted]);
        await using var _ = provider;

        // Charged one token a second from the start; the budget of 30 is crossed at 30 s.
        mock.When(BatchStatus).Respond(_ =>
        {
            polledAt.Add(clock.Elapsed);
            return TestClient.Json(Batch("processing", (int)clock.Elapsed.TotalSeconds))();
        });
        mock.When(HttpMethod.Delete, "https://api.test/v1/batch/b1").Respond(_ => TestClient.Json("""{"job_id":"b1","status":"cancelled"}""", HttpStatusCode.Accepted)());
        var client = provider.GetRequiredService<IScraperClient>();

        var ex = (await FluentActions.Awaiting(() => clock.Run(client.GetBatchOperation("b1").WaitForCompletionAsync(
                new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 30, MaxPollInterval = TimeSpan.FromSeconds(2) } })))
            .Should().ThrowAsync<JobBudgetExceededException>()).Which;

        polledAt.Zip(polledAt.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap <= TimeSpan.FromSeconds(2), "the cap holds over the signal's 1-minute fallback");
        ex.Usage.TokensChargedTotal.Should().BeInRange(31, 32, "the breach (at 30 s) is seen within one cap");
    }

    [Fact]
    public async Task PerCallMaxDelay_HoldsUnderACompletionSignal()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var polls = 0;
        mock.When(BatchStatus).Respond(_ => TestClient.Json(Batch(++polls < 5 ? "processing" : "completed", 0))());
        var (provider, clock) = Build(mock, [WebhookEventType.BatchCompleted]);
        await using var _ = provider;

        await clock.Run(provider.GetRequiredService<IScraperClient>().WaitForBatchAsync("b1", new PollingOptions { MaxDelay = TimeSpan.FromSeconds(5), Jitter = 0 }));

        clock.Delays.Should().Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)],
            "the first poll comes at once; then the fallback interval (1 minute) is capped by the caller's MaxDelay");
    }

    [Fact]
    public async Task ExtractWait_OnAClientWhoseWebhooksSendOnlyCrawlEvents_PollsAsWithoutASignal()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var polls = 0;
        mock.When("https://api.test/v1/extract/e1").Respond(_ => TestClient.Json(TestClient.Job("e1", ++polls < 4 ? "processing" : "completed"))());
        var (provider, clock) = Build(mock, events: null);
        await using var _ = provider;

        // What the account's webhooks send, asked of the API once (an inactive extract webhook sends nothing).
        var listed = 0;
        mock.When("https://api.test/v1/webhooks?page=1&page_size=100").Respond(_ =>
        {
            listed++;
            return TestClient.Json(
                """{"items":[{"id":"w1","url":"https://app.test/hooks","event_type":"crawl_completed","is_active":true},{"id":"w2","url":"https://app.test/hooks","event_type":"extract_completed","is_active":false}],"page":1,"page_size":100,"page_count":1}""")();
        });
        var client = provider.GetRequiredService<IScraperClient>();

        await clock.Run(client.WaitForExtractJobAsync("e1"));
        polls = 0;
        await clock.Run(client.WaitForExtractJobAsync("e1"));

        clock.Delays.Should().OnlyContain(d => d < TimeSpan.FromSeconds(20), "no extract webhook reaches the app, so the extraction is polled as usual, not every minute");
        listed.Should().Be(1, "the answer is kept for 10 minutes");
    }

    private static (ServiceProvider Provider, TestClock Clock) Build(MockHttpMessageHandler mock, IList<WebhookEventType>? events)
    {
        var clock = new TestClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddGeonodeScraperCompletionSignal(o => o.Events = events);
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = "k";
            o.BaseAddress = new Uri("https://api.test");
            o.Polling.Jitter = 0;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        return (services.BuildServiceProvider(), clock);
    }

    private static string Batch(string status, int charged) =>
        TestClient.Job("b1", status, $$""","total_urls":100,"completed_urls":{{Math.Min(charged, 100)}},"token_summary":{"tokens_charged_total":{{charged}},"tokens_reserved":0}""");
}
