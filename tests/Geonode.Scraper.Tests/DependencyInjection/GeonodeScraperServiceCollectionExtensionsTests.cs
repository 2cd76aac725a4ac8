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

        // Every settable option of the three options classes, found by reflection, so an option the binder forgets fails here.
        var values = new Dictionary<string, string?>();
        var expected = new List<(string Key, Func<ScraperClientOptions, object?> Read, object Value)>();
        void Add(string prefix, Type type, Func<ScraperClientOptions, object> owner)
        {
            foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.GetSetMethod() is not null))
            {
                var key = prefix + property.Name;
                (string Text, object Value)? sample = property.PropertyType switch
                {
                    var t when t == typeof(string) => ("value-of-" + property.Name, "value-of-" + property.Name),
                    var t when t == typeof(Uri) => ("http://127.0.0.1:5055/", new Uri("http://127.0.0.1:5055/")),
                    var t when t == typeof(TimeSpan) || t == typeof(TimeSpan?) => ("00:00:37", TimeSpan.FromSeconds(37)),
                    var t when t == typeof(int) => ("7", 7),
                    var t when t == typeof(double) => property.Name == "Multiplier" ? ("1.37", 1.37) : ("0.37", 0.37),
                    var t when t == typeof(bool) => ("true", true),
                    _ => null,
                };
                if (sample is { } s)
                {
                    values["GeonodeScraper:" + key] = s.Text;
                    expected.Add((key, o => property.GetValue(owner(o)), s.Value));
                }
                else
                {
                    // A job ledger is an object, not a setting: it is set in code or registered in the container.
                    property.PropertyType.Should().Match<Type>(t => t == typeof(RetryOptions) || t == typeof(PollingOptions) || t == typeof(IJobLedger), $"{key} needs a sample value in this test");
                }
            }
        }

        Add(string.Empty, typeof(ScraperClientOptions), o => o);
        Add("Retry:", typeof(RetryOptions), o => o.Retry);
        Add("Polling:", typeof(PollingOptions), o => o.Polling);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();

        services.AddGeonodeScraper(configuration.GetSection(ScraperClientOptions.DefaultSectionName));

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ScraperClientOptions>>().Value;
        expected.Should().HaveCountGreaterThan(15);
        foreach (var (key, read, value) in expected)
        {
            read(options).Should().Be(value, $"GeonodeScraper:{key} is bound");
        }

        provider.GetRequiredService<IScraperClient>().Should().NotBeNull();
    }

    [Theory]
    [InlineData("Retry.Jitter", double.NaN)]
    [InlineData("Retry.Jitter", double.PositiveInfinity)]
    [InlineData("Polling.Jitter", -0.1)]
    [InlineData("Polling.Multiplier", double.NaN)]
    [InlineData("Polling.Multiplier", double.PositiveInfinity)]
    public void Constructor_NonFiniteOrNegativeNumbers_AreRejectedNamingTheOption(string option, double value)
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var options = new ScraperClientOptions { ApiKey = "k" };
        if (option == "Retry.Jitter")
        {
            options.Retry.Jitter = value;
        }
        else if (option == "Polling.Jitter")
        {
            options.Polling.Jitter = value;
        }
        else
        {
            options.Polling.Multiplier = value;
        }

        var ex = FluentActions.Invoking(() => new ScraperClient(options)).Should().Throw<ArgumentException>().Which;

        ex.ParamName.Should().Be("options");
        ex.Message.Should().Contain("ScraperClientOptions." + option);
    }

    [Theory]
    [InlineData("AttemptTimeout")]
    [InlineData("Retry.BaseDelay")]
    [InlineData("Polling.Timeout")]
    [InlineData("MaxConnectionsPerServer")]
    public void Constructor_NegativeTimesAndCounts_AreRejectedNamingTheOption(string option)
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var options = new ScraperClientOptions { ApiKey = "k" };
        switch (option)
        {
            case "AttemptTimeout": options.AttemptTimeout = TimeSpan.FromSeconds(-1); break;
            case "Retry.BaseDelay": options.Retry.BaseDelay = TimeSpan.FromSeconds(-1); break;
            case "Polling.Timeout": options.Polling.Timeout = TimeSpan.FromSeconds(-1); break;
            default: options.MaxConnectionsPerServer = 0; break;
        }

        FluentActions.Invoking(() => new ScraperClient(options)).Should().Throw<ArgumentException>().WithMessage($"*ScraperClientOptions.{option}*");
    }

    [Fact]
    public async Task Constructor_OptionsChangedAfterTheClientWasBuilt_ChangeNothing()
    {
        using var env = new EnvironmentScope(NoEnvironment);
        var options = new ScraperClientOptions { ApiKey = "k", BaseAddress = new Uri("https://api.test"), AttemptTimeout = Timeout.InfiniteTimeSpan };
        options.Polling.Jitter = 0;
        options.Polling.InitialDelay = TimeSpan.FromSeconds(2);
        options.Polling.MaxDelay = TimeSpan.FromSeconds(2);
        var mock = new MockHttpMessageHandler();
        var polls = 0;
        mock.When("https://api.test/v1/extract/j1").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestClient.Job("j1", ++polls < 3 ? "processing" : "completed")) });
        var clock = new TestClock();
        using var client = new ScraperClient(options, mock, clock);

        options.Polling.InitialDelay = TimeSpan.FromMilliseconds(1);
        options.Polling.MaxDelay = TimeSpan.FromHours(1);
        options.Polling.Jitter = double.NaN;
        options.Retry.MaxRetries = -5;
        await clock.Run(client.WaitForExtractJobAsync("j1"));

        // The copy's InitialDelay = MaxDelay = 2 s pins every delay, whatever the strategy.
        clock.Delays.Should().Equal(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
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
