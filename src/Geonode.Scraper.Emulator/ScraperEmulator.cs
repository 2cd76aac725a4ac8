using System.Net;
using Geonode.Scraper.Emulator.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Emulator;

/// <summary>
/// A local stand-in for the Geonode Scraper API on 127.0.0.1: every endpoint with the documented shapes and errors, job
/// lifecycles over configurable times, a synthetic web (no outbound request, ever), signed webhook deliveries to loopback
/// URLs, a request log, fault injection and named fault profiles. Start one per test class; it never takes the hosting
/// process's signals. To run it alone, use the <c>geonode-scraper-emulator</c> tool.
/// </summary>
public sealed class ScraperEmulator : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(1);
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

    /// <summary>Gets the address of the API, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the API key the emulator accepts.</summary>
    public string ApiKey => Options.ApiKey;

    /// <summary>Gets the options the emulator runs with (a copy of those given to <see cref="StartAsync"/>).</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Gets the fault controls.</summary>
    public EmulatorFaults Faults => _emulator.Faults;

    /// <summary>Gets every request answered so far, oldest first.</summary>
    public IReadOnlyCollection<EmulatorRequest> Requests => _emulator.Log;

    /// <summary>Gets a snapshot of every job created so far (asynchronous extractions, batches, crawls, maps and searches),
    /// oldest first, with each one's true status now.</summary>
    public IReadOnlyList<EmulatorJob> CreatedJobs => _emulator.CreatedJobs;

    /// <summary>Gets the most extraction, batch and crawl jobs that were queued or processing at the same instant so far, as
    /// the plan's concurrency limit counts them (from creation until the work ends or the job is cancelled), whether the
    /// limit is enforced or not: a test of a client-side limiter compares it with the limit.</summary>
    public int PeakRunningJobs => _emulator.PeakRunningJobs;

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (a free port, key <c>emulator-key</c>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static async Task<ScraperEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new EmulatorOptions()).Validated();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var webhooks = new WebhookDispatcher(options);
        var emulator = new EmulatorApp(options, new EmulatorFaults(options.TimeProvider), webhooks);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        webhooks.Start(job => emulator.Render(job, options.TimeProvider.GetUtcNow()));
        return new ScraperEmulator(app, emulator, webhooks, options, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"));
    }

    /// <summary>Counts the requests answered so far with a method and a path (or a path prefix ending in <c>*</c>).</summary>
    /// <param name="method">The HTTP method, for example <c>POST</c>.</param>
    /// <param name="path">The path, for example <c>/v1/batch</c>, or a prefix such as <c>/v1/crawl/*</c>.</param>
    /// <returns>The number of requests, including dropped ones.</returns>
    public int CountRequests(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        return Requests.Count(r =>
            r.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
            && (path.EndsWith('*') ? r.Path.StartsWith(path[..^1], StringComparison.Ordinal) : r.Path == path));
    }

    /// <summary>Stops the emulator: pending webhook deliveries are abandoned and open requests get at most one second to end.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _webhooks.DisposeAsync();

        // Real time on purpose: with a fake clock, an emulated shutdown timeout would never pass.
        using var timeout = new CancellationTokenSource(ShutdownTimeout, TimeProvider.System);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
