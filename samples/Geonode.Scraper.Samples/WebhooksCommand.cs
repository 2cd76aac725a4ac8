using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Geonode.Scraper.AspNetCore;
using Geonode.Scraper.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Samples;

/// <summary>
/// <c>webhooks</c>: the in-process emulator delivers a crawl's <c>crawl_completed</c> webhook to this program's own ASP.NET
/// Core endpoint (<c>MapGeonodeScraperWebhooks</c>), which wakes the wait at once. A second crawl, started at the same time,
/// is waited for by polling only, for comparison. Prints, for each, the status polls its wait made and the time from the
/// delivery to the result.
/// </summary>
internal static class WebhooksCommand
{
    /// <summary>The emulated time of one page: a depth-2 crawl (the seed, then its links at once) takes twice this.</summary>
    private static readonly TimeSpan PageTime = TimeSpan.FromSeconds(3);

    public static Command Create()
    {
        var command = new Command(
            "webhooks",
            "Demo: the local emulator delivers a crawl's webhook to this program's own endpoint, which ends the wait at once; compared with a wait that only polls");
        command.SetAction((parse, ct) => Commands.RunDemoAsync(
            parse, "cancelled: the crawls ran on the in-process emulator, which stops with this program", () => RunAsync(ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Always the emulator: the real API cannot deliver to an endpoint on this machine.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { PageTime = PageTime }, cancellationToken);
        await Console.Error.WriteLineAsync($"using the local emulator at {emulator.BaseAddress}: it delivers webhooks to this program's endpoint");
        var options = new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, ApplicationId = "sample" };
        using var pollingOnly = new ScraperClient(options);

        // The application registers the webhook once; its secret is shown only in this answer. It is pointed at the endpoint
        // below, once the endpoint has its port.
        var webhook = await pollingOnly.CreateWebhookAsync(
            new WebhookCreateRequest { Url = "http://127.0.0.1:9/", EventType = WebhookEventType.CrawlCompleted, Description = "sample webhooks demo" },
            cancellationToken);

        var deliveries = new DeliveryClock();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IJobCompletionSignal>(deliveries);   // registered first, so AddGeonodeScraperWebhooks keeps it
        builder.Services.AddGeonodeScraper(o =>
        {
            o.ApiKey = options.ApiKey;
            o.BaseAddress = options.BaseAddress;
            o.ApplicationId = options.ApplicationId;
        });
        builder.Services.AddGeonodeScraperWebhooks(o => o.Secrets.Add(webhook.Secret!));
        await using var app = builder.Build();
        app.MapGeonodeScraperWebhooks();
        await app.StartAsync(cancellationToken);
        var endpoint = app.Urls.First() + GeonodeScraperWebhookOptions.DefaultPath;
        await pollingOnly.UpdateWebhookAsync(webhook.Id, new WebhookUpdateRequest { Url = endpoint }, cancellationToken);
        await Console.Error.WriteLineAsync($"webhook endpoint: POST {endpoint}");

        var woken = app.Services.GetRequiredService<IScraperClient>();
        var request = new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 };
        var first = await woken.StartCrawlAsync(request, cancellationToken);
        var second = await pollingOnly.StartCrawlAsync(request, cancellationToken);
        await Console.Error.WriteLineAsync(
            $"crawl {first.JobId} (woken by the webhook) and crawl {second.JobId} (polling only) started; each takes about {(PageTime * 2).TotalSeconds:0} s");

        var results = await Task.WhenAll(
            WaitAsync(woken, first.JobId, cancellationToken),
            WaitAsync(pollingOnly, second.JobId, cancellationToken));
        Report("webhook", results[0], emulator, deliveries);
        Report("polling", results[1], emulator, deliveries);
        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    private static async Task<(CrawlJob Job, long ResultAt)> WaitAsync(IScraperClient client, string jobId, CancellationToken cancellationToken)
    {
        var job = await client.WaitForCrawlAsync(jobId, cancellationToken: cancellationToken);
        return (job, Stopwatch.GetTimestamp());
    }

    /// <summary>One line per wait: <c>webhook: 2 status polls, result 3 ms after the delivery (crawl ID completed, 6 pages)</c>.</summary>
    private static void Report(string label, (CrawlJob Job, long ResultAt) result, ScraperEmulator emulator, DeliveryClock deliveries)
    {
        var polls = emulator.CountRequests("GET", $"/v1/crawl/{result.Job.JobId}");
        var delay = deliveries.DeliveredAt(result.Job.JobId) is { } deliveredAt
            ? string.Create(CultureInfo.InvariantCulture, $"result {Math.Max(0, Stopwatch.GetElapsedTime(deliveredAt, result.ResultAt).TotalMilliseconds):0} ms after the delivery")
            : "no delivery arrived before the result";
        Console.WriteLine($"{label}: {polls} status polls, {delay} (crawl {result.Job.JobId} {result.Job.Status}, {result.Job.CompletedPages} pages)");
    }

    /// <summary>The in-process signal, plus when each job's delivery arrived: an <see cref="IJobCompletionSignal"/> of your
    /// own is also how an application on several machines forwards the wake-up over its message bus.</summary>
    private sealed class DeliveryClock : IJobCompletionSignal
    {
        private readonly InProcessJobCompletionSignal _local = new();
        private readonly ConcurrentDictionary<string, long> _deliveredAt = new(StringComparer.Ordinal);

        public bool IsListening => true;

        public IDisposable Subscribe(string jobId, Action onSignal) => _local.Subscribe(jobId, onSignal);

        public Task NotifyAsync(string jobId, CancellationToken cancellationToken = default)
        {
            _deliveredAt.TryAdd(jobId, Stopwatch.GetTimestamp());
            return _local.NotifyAsync(jobId, cancellationToken);
        }

        public long? DeliveredAt(string jobId) => _deliveredAt.TryGetValue(jobId, out var at) ? at : null;
    }
}
