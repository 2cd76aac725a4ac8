#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>
/// README.md's and Geonode.Scraper.AspNetCore's PACKAGE.md's examples of registering the webhook once and of forwarding the
/// wake-up over a bus, compiled: a test checks that each block equals the usings region followed by its region here, and
/// the package's tests run them.
/// </summary>
public static class WebhookRegistrationExample
{
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
    // NotifyAsync publishes on your bus (Redis, Service Bus, ...), and each machine's bus handler wakes its own waits.
    // (On PostgreSQL, Geonode.Scraper.PostgreSql does all of this for you.)
    public sealed class BusJobCompletionSignal(Func<string, Task> publish) : IJobCompletionSignal
    {
        private readonly InProcessJobCompletionSignal _local = new();

        public bool IsListening => true;   // false while your bus connection is down: waits then poll as usual

        public IDisposable Subscribe(string jobId, Action onSignal) => _local.Subscribe(jobId, onSignal);

        public Task NotifyAsync(string jobId, CancellationToken cancellationToken = default) => publish(jobId);

        public Task OnPublished(string jobId) => _local.NotifyAsync(jobId);   // call from the bus subscription on every machine
    }
    #endregion
}
