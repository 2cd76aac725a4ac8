using Geonode.Scraper.Emulator;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI.Tests.Support;

/// <summary>An in-process emulator with a distinctive key and a client of it that polls quickly.</summary>
public sealed class EmulatedScraper : IAsyncDisposable
{
    /// <summary>A key no tool result may ever contain, in whole or in part.</summary>
    public const string Key = "gnk-DISTINCTIVE-7Q2xL9-secret";

    private EmulatedScraper(ScraperEmulator emulator, ScraperClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public ScraperEmulator Emulator { get; }

    public ScraperClient Client { get; }

    public static async Task<EmulatedScraper> StartAsync(string? clientKey = null, TimeProvider? clientClock = null)
    {
        var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = Key });
        var options = new ScraperClientOptions
        {
            ApiKey = clientKey ?? Key,
            BaseAddress = emulator.BaseAddress,
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(250) },
        };
        var client = clientClock is null ? new ScraperClient(options) : new ScraperClient(options, new SocketsHttpHandler(), clientClock);
        return new EmulatedScraper(emulator, client);
    }

    /// <summary>Plays a script through <see cref="FunctionInvokingChatClient"/> with the given tools; returns the tool results.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(ScriptedChatClient script, IEnumerable<AIFunction> tools, CancellationToken cancellationToken = default)
    {
        using var chat = new FunctionInvokingChatClient(script) { MaximumIterationsPerRequest = 20 };
        await chat.GetResponseAsync("Find out about the site.", new ChatOptions { Tools = [.. tools] }, cancellationToken);
        return script.LastToolResults;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
