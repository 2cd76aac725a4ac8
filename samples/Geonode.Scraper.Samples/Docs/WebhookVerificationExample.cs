#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The verification example of docs/webhooks.md.</summary>
public static class WebhookVerificationExample
{
    #region webhook-verify
    public static WebhookEvent? Verify(byte[] rawBody, string? signatureHeader, string currentSecret, string previousSecret, TimeProvider clock)
    {
        var options = new WebhookVerificationOptions
        {
            Tolerance = TimeSpan.FromMinutes(10),   // how far the delivery's timestamp may be from now (default 5 minutes)
            TimeProvider = clock,                   // TimeProvider.System unless you test with a fake clock
        };
        try
        {
            // The signature must match one of the secrets (compared in constant time) and the timestamp the tolerance.
            WebhookEvent webhookEvent = WebhookEvent.Parse([currentSecret, previousSecret], rawBody, signatureHeader, options);
            Console.WriteLine($"{webhookEvent.EventType} for job {webhookEvent.JobId}, delivery {webhookEvent.DeliveryId}");
            return webhookEvent;
        }
        catch (WebhookVerificationException ex)
        {
            Console.WriteLine($"rejected: {ex.Message}");   // wrong or missing signature, a replay, or not a webhook body
            return null;
        }
    }
    #endregion
}
