using System.Net;
using Geonode.Scraper.Emulator.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Emulator;

/// <summary>
/// A local stand-in for the Geonode Scraper API on 127.0.0.1: every endpoint with the documented shapes and errors, job
/// lifecycles over configurable times, a synthetic web (no outbound request, ever), signed webhook deliveries to loopback
/// URLs, a request log and fault injection. Start one per test class, or run it alone with <c>dotnet run</c>.
/// </summary>
public sealed class ScraperEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorApp _emulator;
    private readonly WebhookDispatcher _webhooks;

    private ScraperEmulator(WebApplication app, EmulatorApp emulator, WebhookDispatcher webhooks, EmulatorOptions options, Uri baseAddress)
    {
        _app = app;
        _emulator = emulator;
        _webhooks = webhooks;
        Options = options;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the address to use as <c>ScraperClientOptions.BaseAddress</c>, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the API key the emulator accepts.</summary>
    public string ApiKey => Options.ApiKey;

    /// <summary>Gets the options the emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Gets the fault controls.</summary>
    public EmulatorFaults Faults => _emulator.Faults;

    /// <summary>Gets every request answered so far, oldest first.</summary>
    public IReadOnlyCollection<EmulatorRequest> Requests => _emulator.Log;

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (a free port, key <c>emulator-key</c>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<ScraperEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Parallelism, nameof(options));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var webhooks = new WebhookDispatcher(options);
        var emulator = new EmulatorApp(options, new EmulatorFaults(), webhooks);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port;
        webhooks.Start(() => emulator.Jobs, job => job switch
        {
            ItemJob { Kind: "extract" } e => JobJson.ExtractJob(e, options.TimeProvider.GetUtcNow(), options.LinksPerPage),
            ItemJob { Kind: "batch" } b => JobJson.BatchJob(b, options.TimeProvider.GetUtcNow(), 1, 10, options.LinksPerPage),
            ItemJob c => JobJson.CrawlJob(c, options.TimeProvider.GetUtcNow(), 1, 10, options.LinksPerPage),
            _ => [],
        });
        return new ScraperEmulator(app, emulator, webhooks, options, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Returns client options pointing at this emulator with its key.</summary>
    /// <returns>Options for <c>new ScraperClient(...)</c>.</returns>
    public ScraperClientOptions CreateClientOptions() => new() { ApiKey = ApiKey, BaseAddress = BaseAddress };

    /// <summary>Counts the requests answered so far with a method and a path (or a path prefix ending in <c>*</c>).</summary>
    /// <param name="method">The HTTP method, for example <c>POST</c>.</param>
    /// <param name="path">The path, for example <c>/v1/batch</c>, or a prefix such as <c>/v1/crawl/*</c>.</param>
    /// <returns>The number of requests, including dropped ones.</returns>
    public int CountRequests(string method, string path) => Requests.Count(r =>
        r.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
        && (path.EndsWith('*') ? r.Path.StartsWith(path[..^1], StringComparison.Ordinal) : r.Path == path));

    /// <summary>Stops the emulator.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _webhooks.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
