using System.Text.Json;
using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A verified webhook delivery (<c>{ event, webhook_id, delivery_id, timestamp, data }</c>). Instances come only from
/// <see cref="Parse"/> or <see cref="TryParse"/>, which verify the signature first. Works with any web framework: bytes in.
/// </summary>
public sealed record WebhookEvent
{
    /// <summary>Gets the event type; unknown kinds are kept as they are.</summary>
    [JsonPropertyName("event")]
    public WebhookEventType EventType { get; init; }

    /// <summary>Gets the id of the webhook that delivered the event.</summary>
    public string? WebhookId { get; init; }

    /// <summary>Gets the delivery id (unique per attempt); use it to ignore duplicates.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>Gets when the event was sent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gets the event's payload as raw JSON.</summary>
    public JsonElement Data { get; init; }

    /// <summary>Verifies a delivery and parses it.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <returns>The verified event.</returns>
    /// <exception cref="WebhookVerificationException">The signature does not match, or the body is not a webhook envelope.</exception>
    public static WebhookEvent Parse(string secret, byte[] rawBody, string? signatureHeader)
    {
        if (!WebhookSignature.Verify(secret, rawBody, signatureHeader))
        {
            throw new WebhookVerificationException(signatureHeader is null
                ? "The delivery has no X-Webhook-Signature header."
                : "The X-Webhook-Signature header does not match the body and secret.");
        }

        try
        {
            return JsonSerializer.Deserialize(rawBody, ScraperJsonContext.Default.WebhookEvent)
                ?? throw new WebhookVerificationException("The verified body is JSON null, not a webhook envelope.");
        }
        catch (JsonException ex)
        {
            throw new WebhookVerificationException("The verified body is not a webhook envelope: " + ex.Message, ex);
        }
    }

    /// <summary>Verifies a delivery and parses it, without throwing.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <param name="webhookEvent">The verified event, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the delivery is verified and readable.</returns>
    public static bool TryParse(string secret, byte[] rawBody, string? signatureHeader, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WebhookEvent? webhookEvent)
    {
        try
        {
            webhookEvent = Parse(secret, rawBody, signatureHeader);
            return true;
        }
        catch (WebhookVerificationException)
        {
            webhookEvent = null;
            return false;
        }
    }

    /// <summary>Reads <see cref="Data"/> as the extraction job of an <c>extract_completed</c> event.</summary>
    /// <returns>The job, or <see langword="null"/> for another event type.</returns>
    /// <exception cref="WebhookVerificationException">The data is not an extraction job.</exception>
    public ExtractJob? GetExtractJob() => EventType == WebhookEventType.ExtractCompleted ? ReadData(ScraperJsonContext.Default.ExtractJob) : null;

    /// <summary>Reads <see cref="Data"/> as the batch job of a <c>batch_completed</c> event.</summary>
    /// <returns>The job, or <see langword="null"/> for another event type.</returns>
    /// <exception cref="WebhookVerificationException">The data is not a batch job.</exception>
    public BatchJob? GetBatchJob() => EventType == WebhookEventType.BatchCompleted ? ReadData(ScraperJsonContext.Default.BatchJob) : null;

    /// <summary>Reads <see cref="Data"/> as the crawl job of a <c>crawl_completed</c> event.</summary>
    /// <returns>The job, or <see langword="null"/> for another event type.</returns>
    /// <exception cref="WebhookVerificationException">The data is not a crawl job.</exception>
    public CrawlJob? GetCrawlJob() => EventType == WebhookEventType.CrawlCompleted ? ReadData(ScraperJsonContext.Default.CrawlJob) : null;

    private T ReadData<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return Data.Deserialize(typeInfo) ?? throw new WebhookVerificationException($"The event's data is null, not a {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            throw new WebhookVerificationException($"The event's data is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
