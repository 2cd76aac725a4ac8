using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.Samples;

/// <summary>The client a command uses: the real API when a key is configured, otherwise an in-process emulator.</summary>
internal sealed class Session : IAsyncDisposable
{
    private readonly ScraperEmulator? _emulator;

    private Session(ScraperClient client, ScraperEmulator? emulator, PollingOptions polling)
    {
        Client = client;
        _emulator = emulator;
        Polling = polling;
    }

    public ScraperClient Client { get; }

    public PollingOptions Polling { get; }

    public static async Task<Session> StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ScraperClientOptions.ApiKeyEnvironmentVariable)))
        {
            // Key and optional SCRAPER_API_BASE_URL come from the environment.
            return new Session(new ScraperClient(new ScraperClientOptions { ApplicationId = "sample" }), null, new PollingOptions());
        }

        var emulator = await ScraperEmulator.StartAsync(cancellationToken: cancellationToken);
        await Console.Error.WriteLineAsync(
            $"No {ScraperClientOptions.ApiKeyEnvironmentVariable} set: using the local emulator at {emulator.BaseAddress} (synthetic pages; nothing leaves this machine).");
        var options = new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, ApplicationId = "sample" };
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(150), MaxDelay = TimeSpan.FromSeconds(1) };
        return new Session(new ScraperClient(options), emulator, polling);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
