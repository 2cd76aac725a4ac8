#region usings
using Geonode.Scraper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
#endregion

namespace DocsExamples;

/// <summary>The README's minimal ASP.NET Core webhook receiver.</summary>
public static class WebhookReceiverExample
{
    public static void WebhookReceiver(WebApplication app, string currentSecret, string? previousSecret)
    {
        #region webhook-receiver
        // Any framework works: WebhookEvent.Parse takes the raw body bytes and the X-Webhook-Signature header.
        // During a secret rotation accept both secrets; drop the old one once the new one is everywhere.
        string[] secrets = previousSecret is null ? [currentSecret] : [currentSecret, previousSecret];
        var seen = new WebhookEventDeduplicator();   // one per process: 10,000 events for 24 h by default

        app.MapPost("/hooks/geonode", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            // Checks the signature against each secret and refuses a timestamp more than 5 minutes from now (a replay).
            if (!WebhookEvent.TryParse(secrets, buffer.ToArray(), context.Request.Headers[WebhookSignature.HeaderName], out var webhookEvent))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;   // not from Geonode, tampered with, or replayed
                return;
            }

            // A retried delivery has a new delivery id: repeats are recognised by event type + job id.
            if (!seen.IsDuplicate(webhookEvent) && webhookEvent.GetCrawlJob() is { } crawl)
            {
                Console.WriteLine($"crawl {crawl.JobId} ended: {crawl.Status}, {crawl.CompletedPages} pages");
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;   // a repeat is answered with success too
        });
        #endregion
    }
}
