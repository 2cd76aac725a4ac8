#region usings
using Geonode.Scraper;
using Geonode.Scraper.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace DocsExamples;

/// <summary>
/// The C# of README.md's "Webhook-accelerated waits" and of Geonode.Scraper.AspNetCore's PACKAGE.md, compiled: a test checks
/// that each block equals the usings region followed by its region here.
/// </summary>
public static class AspNetCoreWebhooksExample
{
    public static async Task AcceleratedWaits(string[] args)
    {
        #region aspnet-webhooks
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGeonodeScraper(builder.Configuration.GetSection("GeonodeScraper"));
        builder.Services.AddGeonodeScraperWebhooks(options =>
        {
            // The secret of each webhook that delivers here; during a rotation, the new one and the old one.
            options.Secrets.Add(builder.Configuration["GeonodeScraper:WebhookSecret"]!);
            options.FallbackPollInterval = TimeSpan.FromMinutes(2);   // failed and cancelled jobs send no webhook
        });
        var app = builder.Build();
        app.MapGeonodeScraperWebhooks("/webhooks/geonode");
        await app.StartAsync();

        // Anywhere in the application: the wait ends as soon as the crawl_completed delivery arrives.
        var client = app.Services.GetRequiredService<IScraperClient>();
        CrawlJobAccepted crawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.com/", Depth = 3 });
        CrawlJob done = await client.WaitForCrawlAsync(crawl.JobId);
        #endregion
        Console.WriteLine(done.Status);
    }

    public static async Task<string> RegisterOnce(IScraperClient client, string? storedSecret)
    {
        #region aspnet-webhooks-register
        // The application registers its webhook once per event type (the account allows 10), e.g. at startup if absent.
        const string url = "https://app.example.com/webhooks/geonode";
        Webhook? existing = null;
        await foreach (Webhook hook in client.ListAllWebhooksAsync())
        {
            if (hook.Url == url && hook.EventType == WebhookEventType.CrawlCompleted)
            {
                existing = hook;
            }
        }

        string secret = existing is null
            ? (await client.CreateWebhookAsync(new WebhookCreateRequest { Url = url, EventType = WebhookEventType.CrawlCompleted })).Secret!
            : storedSecret ?? (await client.RotateWebhookSecretAsync(existing.Id)).Secret;   // lost it? rotate for a new one
        // Keep the secret in your secret store: the API shows it only when it is created or rotated.
        #endregion
        return secret;
    }

    #region aspnet-webhooks-bus
    // On several machines a delivery reaches one of them. Register this before AddGeonodeScraperWebhooks: the receiver's
    // Notify publishes on your bus (Redis, Service Bus, ...), and each machine's bus handler wakes its own waits.
    public sealed class BusJobCompletionSignal(Action<string> publish) : IJobCompletionSignal
    {
        private readonly InProcessJobCompletionSignal _local = new();

        public IDisposable Subscribe(string jobId, Action onSignal) => _local.Subscribe(jobId, onSignal);

        public void Notify(string jobId) => publish(jobId);

        public void OnPublished(string jobId) => _local.Notify(jobId);   // call from the bus subscription on every machine
    }
    #endregion
}
