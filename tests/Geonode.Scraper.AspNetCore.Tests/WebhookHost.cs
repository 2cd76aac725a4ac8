using System.Net;
using Geonode.Scraper.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.AspNetCore.Tests;

/// <summary>
/// The emulator on a fake clock, and a real Kestrel app on 127.0.0.1 (a free port) that hosts
/// <c>MapGeonodeScraperWebhooks</c> and an <see cref="IScraperClient"/> on the same clock, as an application would: the
/// webhook is registered with the emulator first (its secret is shown only then), the app starts with that secret, and the
/// webhook is then pointed at the app's address.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    /// <summary>The fallback poll interval of the tests: far longer than the emulated crawl, so a wait that ends without
    /// the clock reaching it was woken.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromMinutes(5);

    /// <summary>How long a test waits in real time for something that takes milliseconds, before giving up (a hang).</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    private WebhookHost(ScraperEmulator emulator, FakeTimeProvider clock, WebApplication app, string webhookId, string secret)
    {
        Emulator = emulator;
        Clock = clock;
        App = app;
        WebhookId = webhookId;
        Secret = secret;
        Client = app.Services.GetRequiredService<IScraperClient>();
        Signal = app.Services.GetRequiredService<IJobCompletionSignal>();
        Logs = app.Services.GetFakeLogCollector();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        WebhookUrl = new Uri(new Uri(address), GeonodeScraperWebhookOptions.DefaultPath);
    }

    public ScraperEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public WebApplication App { get; }

    public string WebhookId { get; }

    /// <summary>Gets the secret the emulator signs with now.</summary>
    public string Secret { get; }

    public IScraperClient Client { get; }

    public IJobCompletionSignal Signal { get; }

    public FakeLogCollector Logs { get; }

    public Uri WebhookUrl { get; }

    /// <summary>Starts both. <paramref name="secrets"/> picks what the receiver accepts from the webhook's secrets (the one
    /// it was created with and, when <paramref name="rotate"/>, the one that replaced it).</summary>
    public static async Task<WebhookHost> StartAsync(
        bool deliverWebhooks = true, bool rotate = false, Func<string, string?, string[]>? secrets = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 2, 8, 0, 0, TimeSpan.Zero));

        // A depth-2 crawl (the seed, then its 5 links at once) takes 2 × 30 s = 60 s of emulated time.
        var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = clock,
            QueueTime = TimeSpan.Zero,
            PageTime = TimeSpan.FromSeconds(30),
            DeliverWebhooks = deliverWebhooks,
        });
        try
        {
            using var admin = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });
            var webhook = await admin.CreateWebhookAsync(new WebhookCreateRequest
            {
                Url = "http://127.0.0.1:9/not-yet",
                EventType = WebhookEventType.CrawlCompleted,
            });
            var first = webhook.Secret!;
            var rotated = rotate ? (await admin.RotateWebhookSecretAsync(webhook.Id)).Secret : null;
            var accepted = secrets?.Invoke(first, rotated) ?? [rotated ?? first];

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddFakeLogging();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddGeonodeScraper(options =>
            {
                options.ApiKey = emulator.ApiKey;
                options.BaseAddress = emulator.BaseAddress;
                options.AttemptTimeout = Timeout.InfiniteTimeSpan;   // the tests move the clock while requests are in flight
                options.Polling.Jitter = 0;                           // the first poll at once, the fallback exactly
                options.Polling.Timeout = Timeout.InfiniteTimeSpan;   // however far a test moves the clock
            });
            builder.Services.AddGeonodeScraperWebhooks(options =>
            {
                foreach (var secret in accepted)
                {
                    options.Secrets.Add(secret);
                }

                options.FallbackPollInterval = Fallback;
            });
            var app = builder.Build();
            app.MapGeonodeScraperWebhooks();
            await app.StartAsync();

            var host = new WebhookHost(emulator, clock, app, webhook.Id, rotated ?? first);
            await admin.UpdateWebhookAsync(webhook.Id, new WebhookUpdateRequest { Url = host.WebhookUrl.ToString() });
            return host;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Counts the status polls of a crawl: <c>GET /v1/crawl/{id}</c>, as the emulator saw them.</summary>
    public int StatusPolls(string jobId) => Emulator.CountRequests("GET", $"/v1/crawl/{jobId}");

    /// <summary>Starts a 60 s crawl and a wait for it, and returns once the emulator has answered the wait's first status
    /// poll (real time, bounded), so that a test moves the clock only while the wait is between polls.</summary>
    public async Task<(string JobId, Task<CrawlJob> Wait)> StartCrawlAndWaitAsync()
    {
        var crawl = await Client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        var wait = Client.WaitForCrawlAsync(crawl.JobId);
        using var bound = new CancellationTokenSource(HangBound);
        while (StatusPolls(crawl.JobId) == 0)
        {
            await Task.Delay(10, bound.Token);
        }

        return (crawl.JobId, wait);
    }

    /// <summary>Counts the wake-ups of a job: every <see cref="IJobCompletionSignal.Notify"/> for it.</summary>
    public WakeCounter CountWakeUps(string jobId) => new(Signal, jobId);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    public sealed class WakeCounter : IDisposable
    {
        private readonly IDisposable _subscription;
        private int _count;

        public WakeCounter(IJobCompletionSignal signal, string jobId) =>
            _subscription = signal.Subscribe(jobId, () => Interlocked.Increment(ref _count));

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _subscription.Dispose();
    }
}
