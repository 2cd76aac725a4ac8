using Geonode.Scraper.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>One emulator per test class, and a client built the way applications build it: AddGeonodeScraper and
/// IHttpClientFactory, real sockets on 127.0.0.1.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public ScraperEmulator Emulator { get; private set; } = null!;

    public IScraperClient Client { get; private set; } = null!;

    public static PollingOptions FastPolling(TimeSpan? timeout = null) => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(40),
        Multiplier = 1.5,
        MaxDelay = TimeSpan.FromMilliseconds(250),
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    public async Task InitializeAsync()
    {
        Emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            QueueTime = TimeSpan.FromMilliseconds(30),
            PageTime = TimeSpan.FromMilliseconds(10),
            Parallelism = 50,
            SlowFactor = 30,
        });
        Client = CreateClient(Emulator.ApiKey);
    }

    public IScraperClient CreateClient(string apiKey)
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = apiKey;
            o.BaseAddress = Emulator.BaseAddress;
            o.AttemptTimeout = TimeSpan.FromSeconds(20);
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
            o.Polling = FastPolling();
        });
        var provider = services.BuildServiceProvider();
        _services ??= provider;
        return provider.GetRequiredService<IScraperClient>();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
