using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Geonode.Scraper.Tests.DependencyInjection;

/// <summary>
/// A user who adds <c>AddStandardResilienceHandler()</c> to the builder <c>AddGeonodeScraper</c> returns gets a handler the
/// SDK has pre-configured: it never resends a POST, it does not nest its retries inside the SDK's, and with the SDK's
/// retries off it retries safe methods. Counted at the server.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class StandardResilienceHandlerTests
{
    private static readonly (string, string?)[] NoEnvironment =
        [(ScraperClientOptions.ApiKeyEnvironmentVariable, null), (ScraperClientOptions.BaseAddressEnvironmentVariable, null)];

    private static (ServiceProvider Provider, TestClock Clock) Build(MockHttpMessageHandler mock, int sdkRetries)
    {
        var clock = new TestClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddGeonodeScraper(o =>
            {
                o.ApiKey = "k";
                o.BaseAddress = new Uri("https://api.test");
                o.Retry.MaxRetries = sdkRetries;
                o.Retry.Jitter = 0;
            })
            .ConfigurePrimaryHttpMessageHandler(() => mock)
            .AddStandardResilienceHandler();
        return (services.BuildServiceProvider(), clock);
    }

    [Fact]
    public async Task Post_AnsweredWith503_ReachesTheServerOnce()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var posts = 0;
        mock.When(HttpMethod.Post, "https://api.test/v1/batch").Respond(_ =>
        {
            Interlocked.Increment(ref posts);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        var (provider, clock) = Build(mock, sdkRetries: 3);
        await using var _ = provider;

        await FluentActions.Awaiting(() => clock.Run(provider.GetRequiredService<IScraperClient>().StartBatchAsync(new BatchRequest { Urls = ["https://a.test/"] })))
            .Should().ThrowAsync<ScraperApiException>();

        posts.Should().Be(1, "a second POST could start and bill a second job");
    }

    [Fact]
    public async Task Get_AnsweredWith503_IsRetriedByTheSdkOnlyNotByBothLayers()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var gets = 0;
        mock.When(HttpMethod.Get, "https://api.test/v1/extract/j1").Respond(_ =>
        {
            Interlocked.Increment(ref gets);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        var (provider, clock) = Build(mock, sdkRetries: 3);
        await using var _ = provider;

        await FluentActions.Awaiting(() => clock.Run(provider.GetRequiredService<IScraperClient>().GetExtractJobAsync("j1"))).Should().ThrowAsync<ScraperApiException>();

        gets.Should().Be(4, "the SDK's 3 retries + 1; nested retries would have made 16");
    }

    [Fact]
    public async Task Get_WithTheSdksRetriesOff_IsRetriedByTheStandardHandler()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var gets = 0;
        mock.When(HttpMethod.Get, "https://api.test/v1/extract/j1").Respond(_ => Interlocked.Increment(ref gets) == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestClient.Job("j1", "queued")) });
        var (provider, clock) = Build(mock, sdkRetries: 0);
        await using var _ = provider;

        var job = await clock.Run(provider.GetRequiredService<IScraperClient>().GetExtractJobAsync("j1"));

        job.Status.Should().Be(JobStatus.Queued);
        gets.Should().Be(2);
    }

    [Fact]
    public async Task StandardHandlerTimeouts_DoNotUndercutTheSdksAttemptTimeout()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var (provider, _) = Build(new MockHttpMessageHandler(), sdkRetries: 3);
        await using var __ = provider;

        var options = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(GeonodeScraperServiceCollectionExtensions.HttpClientName + "-standard");

        options.AttemptTimeout.Timeout.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(100));
        options.TotalRequestTimeout.Timeout.Should().BeGreaterThanOrEqualTo(options.AttemptTimeout.Timeout);
        options.CircuitBreaker.SamplingDuration.Should().BeGreaterThanOrEqualTo(options.AttemptTimeout.Timeout * 2);
    }
}
