using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Geonode.Scraper.Tests.Jobs;

[Collection(EnvironmentCollection.Name)]
public sealed class CompletionSignalTests
{
    private static readonly (string, string?)[] NoEnvironment =
        [(ScraperClientOptions.ApiKeyEnvironmentVariable, null), (ScraperClientOptions.BaseAddressEnvironmentVariable, null)];

    private static (ServiceProvider Provider, TestClock Clock) Build(MockHttpMessageHandler mock, TimeSpan? fallback = null)
    {
        var clock = new TestClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddGeonodeScraperCompletionSignal(o =>
        {
            o.FallbackPollInterval = fallback ?? TimeSpan.FromMinutes(1);
            o.Events = [WebhookEventType.BatchCompleted, WebhookEventType.CrawlCompleted];
        });
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = "k";
            o.BaseAddress = new Uri("https://api.test");
            o.Polling.Jitter = 0;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        return (services.BuildServiceProvider(), clock);
    }

    [Fact]
    public async Task Notify_WakesTheWaitSoItsNextPollComesAtOnceInsteadOfAfterTheFallbackInterval()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var polls = 0;
        mock.When("https://api.test/v1/crawl/c1").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(TestClient.Job("c1", Interlocked.Increment(ref polls) < 3 ? "processing" : "completed")),
        });
        var (provider, clock) = Build(mock);
        await using var _ = provider;
        var signal = provider.GetRequiredService<IJobCompletionSignal>();
        var client = provider.GetRequiredService<IScraperClient>();

        // One fallback poll passes (at 60 s); the webhook arrives 20 s into the next fallback sleep.
        using var webhook = clock.At(TimeSpan.FromSeconds(80), () => signal.NotifyAsync("c1"));
        var job = await clock.Run(client.WaitForCrawlAsync("c1"));

        job.Status.Should().Be(JobStatus.Completed);
        polls.Should().Be(3);
        clock.Delays.Should().Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)], "two fallback sleeps began");
        clock.Elapsed.Should().Be(TimeSpan.FromSeconds(80), "the signal cut the second fallback sleep short");
        ((InProcessJobCompletionSignal)signal).SubscribedJobs.Should().Be(0, "the wait unsubscribes when it ends");
    }

    [Fact]
    public async Task FailedJob_WhichSendsNoWebhook_IsSeenByTheFallbackPoll()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var polls = 0;
        mock.When("https://api.test/v1/batch/b1").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(TestClient.Job("b1", Interlocked.Increment(ref polls) < 2 ? "processing" : "failed")),
        });
        var (provider, clock) = Build(mock, TimeSpan.FromSeconds(30));
        await using var _ = provider;

        await FluentActions.Awaiting(() => clock.Run(provider.GetRequiredService<IScraperClient>().WaitForBatchAsync("b1"))).Should().ThrowAsync<JobFailedException>();

        clock.Delays.Should().Equal(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3600)]
    public void FallbackPollIntervalOutOfBounds_IsRefusedWhenTheClientIsBuilt(int seconds)
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var (provider, _) = Build(new MockHttpMessageHandler(), TimeSpan.FromSeconds(seconds));
        using var __ = provider;

        FluentActions.Invoking(() => provider.GetRequiredService<IScraperClient>())
            .Should().Throw<ArgumentException>().WithMessage("*FallbackPollInterval must be between 5 s and 10 min*");
    }

    [Fact]
    public void InProcessSignal_CallsOnlyTheJobsSubscribersUntilTheyDispose()
    {
        var signal = new InProcessJobCompletionSignal();
        var calls = new List<string>();
        using (signal.Subscribe("a", () => calls.Add("a1")))
        using (signal.Subscribe("b", () => calls.Add("b1")))
        {
            var second = signal.Subscribe("a", () => calls.Add("a2"));
            signal.NotifyAsync("a");
            second.Dispose();
            second.Dispose();
            signal.NotifyAsync("a");
            signal.NotifyAsync("nobody");
        }

        signal.NotifyAsync("a");

        calls.Should().Equal("a1", "a2", "a1");
        signal.SubscribedJobs.Should().Be(0);
    }
}
