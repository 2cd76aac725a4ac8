using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Geonode.Scraper.Tests.DependencyInjection;

[Collection(EnvironmentCollection.Name)]
public sealed class GeonodeScraperServiceCollectionExtensionsTests
{
    private static readonly (string, string?)[] NoEnvironment =
        [(ScraperClientOptions.ApiKeyEnvironmentVariable, null), (ScraperClientOptions.BaseAddressEnvironmentVariable, null)];

    [Fact]
    public async Task AddGeonodeScraper_ResolvesAClientThatSendsThroughTheSdkPipeline()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var mock = new MockHttpMessageHandler();
        var calls = 0;
        string? key = null;
        mock.When(HttpMethod.Get, "https://api.test/v1/extract/j1").Respond(req =>
        {
            key = req.Headers.GetValues("X-Api-Key").Single();
            return ++calls == 1
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestClient.Job("j1", "queued")) };
        });
        var services = new ServiceCollection();
        var clock = new TestClock();
        services.AddSingleton<TimeProvider>(clock);
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = "di-key";
            o.BaseAddress = new Uri("https://api.test");
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IScraperClient>();
        var job = await clock.Run(client.GetExtractJobAsync("j1"));

        client.Should().BeOfType<ScraperClient>().Which.BaseAddress.Should().Be(new Uri("https://api.test/"));
        job.Status.Should().Be(JobStatus.Queued);
        calls.Should().Be(2, "the 503 was retried by the SDK's resilience pipeline");
        key.Should().Be("di-key");
    }

    [Fact]
    public void AddGeonodeScraper_CalledTwice_RegistersOnceAndKeepsBothConfigurations()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var services = new ServiceCollection();

        var first = services.AddGeonodeScraper(o => o.ApiKey = "k");
        var second = services.AddGeonodeScraper(o => o.ApplicationId = "my-app/1.0");

        services.Count(d => d.ServiceType == typeof(IScraperClient)).Should().Be(1);
        first.Name.Should().Be(second.Name).And.Be(GeonodeScraperServiceCollectionExtensions.HttpClientName);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ScraperClientOptions>>().Value;
        options.ApiKey.Should().Be("k");
        options.ApplicationId.Should().Be("my-app/1.0");
    }

    [Fact]
    public void AddGeonodeScraper_NoApiKeyAnywhere_FailsOnResolveNamingWhereToSetIt()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var services = new ServiceCollection();
        services.AddGeonodeScraper(_ => { });
        using var provider = services.BuildServiceProvider();

        var ex = FluentActions.Invoking(() => provider.GetRequiredService<IScraperClient>()).Should().Throw<OptionsValidationException>().Which;

        ex.Message.Should().Contain("GEONODE_SCRAPER_API_KEY").And.Contain("GeonodeScraper:ApiKey");
    }

    [Fact]
    public async Task AddGeonodeScraper_InvalidOptions_FailHostStart()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddGeonodeScraper(o => { o.ApiKey = "k"; o.BaseAddress = new Uri("http://scraper.example.com"); }))
            .Build();

        var ex = (await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>()).Which;

        ex.Message.Should().Contain("https");
    }

    [Fact]
    public void AddGeonodeScraper_FromConfigurationSection_BindsEveryOption()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GeonodeScraper:ApiKey"] = "from-config",
            ["GeonodeScraper:BaseAddress"] = "http://127.0.0.1:5055/",
            ["GeonodeScraper:ApplicationId"] = "crawler/2",
            ["GeonodeScraper:AttemptTimeout"] = "00:00:20",
            ["GeonodeScraper:Retry:MaxRetries"] = "5",
            ["GeonodeScraper:Retry:MaxRetryAfter"] = "00:02:00",
            ["GeonodeScraper:Polling:Timeout"] = "01:00:00",
            ["GeonodeScraper:Polling:Multiplier"] = "2.5",
            ["GeonodeScraper:Polling:CancelJobOnTimeout"] = "true",
        }).Build();
        var services = new ServiceCollection();

        services.AddGeonodeScraper(configuration.GetSection(ScraperClientOptions.DefaultSectionName));

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ScraperClientOptions>>().Value;
        options.ApiKey.Should().Be("from-config");
        options.BaseAddress.Should().Be(new Uri("http://127.0.0.1:5055/"));
        options.ApplicationId.Should().Be("crawler/2");
        options.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(20));
        options.Retry.MaxRetries.Should().Be(5);
        options.Retry.MaxRetryAfter.Should().Be(TimeSpan.FromMinutes(2));
        options.Polling.Timeout.Should().Be(TimeSpan.FromHours(1));
        options.Polling.Multiplier.Should().Be(2.5);
        options.Polling.CancelJobOnTimeout.Should().BeTrue();
        provider.GetRequiredService<IScraperClient>().Should().NotBeNull();
    }

    [Fact]
    public void AddGeonodeScraper_MalformedConfigurationValue_NamesTheKey()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GeonodeScraper:ApiKey"] = "k",
            ["GeonodeScraper:Retry:MaxRetries"] = "three",
        }).Build();
        var services = new ServiceCollection();
        services.AddGeonodeScraper(configuration.GetSection("GeonodeScraper"));
        using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<ScraperClientOptions>>().Value)
            .Should().Throw<InvalidOperationException>().WithMessage("*GeonodeScraper:Retry:MaxRetries*integer*");
    }

    [Fact]
    public void EnvironmentVariables_FillWhatIsNotConfigured()
    {
        using var env = new EnvironmentScope(
            (ScraperClientOptions.ApiKeyEnvironmentVariable, "env-key"),
            (ScraperClientOptions.BaseAddressEnvironmentVariable, "http://localhost:7070"));
        var services = new ServiceCollection();
        services.AddGeonodeScraper();
        using var provider = services.BuildServiceProvider();

        var client = (ScraperClient)provider.GetRequiredService<IScraperClient>();

        client.BaseAddress.Should().Be(new Uri("http://localhost:7070/"));
        provider.GetRequiredService<IOptions<ScraperClientOptions>>().Value.ApiKey.Should().Be("env-key");
        var plainOptions = new ScraperClientOptions();
        using var plain = new ScraperClient(plainOptions);
        plain.BaseAddress.Should().Be(new Uri("http://localhost:7070/"));
        plainOptions.ApiKey.Should().BeNull("the caller's options object is not changed");
    }

    [Fact]
    public void CodeConfiguration_WinsOverEnvironment()
    {
        using var env = new EnvironmentScope(
            (ScraperClientOptions.ApiKeyEnvironmentVariable, "env-key"),
            (ScraperClientOptions.BaseAddressEnvironmentVariable, "http://localhost:7070"));
        var options = new ScraperClientOptions { ApiKey = "code-key", BaseAddress = new Uri("https://other.test") };

        using var client = new ScraperClient(options);

        client.BaseAddress.Should().Be(new Uri("https://other.test/"));
        options.ApiKey.Should().Be("code-key");
    }

    [Theory]
    [InlineData("http://scraper.example.com")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("https://api.test/?key=1")]
    public void Constructor_InsecureOrMalformedBaseAddress_Throws(string address)
    {
        using var env = new EnvironmentScope(NoEnvironment);
        FluentActions.Invoking(() => new ScraperClient(new ScraperClientOptions { ApiKey = "k", BaseAddress = new Uri(address) }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("options");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public void Constructor_PlainHttpOnLoopback_IsAllowed(string address)
    {
        using var env = new EnvironmentScope(NoEnvironment);
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = "k", BaseAddress = new Uri(address) });
        client.BaseAddress.Scheme.Should().Be("http");
    }

    [Fact]
    public void Constructor_EmptyKey_ThrowsNamingTheParameter()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        FluentActions.Invoking(() => new ScraperClient(" ")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("apiKey");
        FluentActions.Invoking(() => new ScraperClient((string)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("apiKey");
        FluentActions.Invoking(() => new ScraperClient(new ScraperClientOptions())).Should().Throw<ArgumentException>().WithMessage("*GEONODE_SCRAPER_API_KEY*");
    }
}
