using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A verified webhook delivery (<c>{ event, webhook_id, delivery_id, timestamp, data }</c>). Instances come only from the
/// <c>Parse</c> and <c>TryParse</c> methods, which verify the signature first. Works with any web framework: bytes in.
/// </summary>
public sealed record WebhookEvent
{
    /// <summary>Gets the event type; unknown kinds are kept as they are.</summary>
    [JsonPropertyName("event")]
    public WebhookEventType EventType { get; init; }

    /// <summary>Gets the id of the webhook that delivered the event.</summary>
    public string? WebhookId { get; init; }

    /// <summary>Gets the delivery id. It is unique per delivery attempt, so a retried delivery of the same event carries a
    /// new one: do not use it to recognise a repeated event (see <see cref="WebhookEventDeduplicator"/>).</summary>
    public string? DeliveryId { get; init; }

    /// <summary>Gets when the event was sent. It is part of the signed body, so the replay check of
    /// <see cref="Parse(IEnumerable{string}, byte[], string?, WebhookVerificationOptions?)"/> can trust it.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gets the event's payload as raw JSON.</summary>
    public JsonElement Data { get; init; }

    /// <summary>Gets the id of the job the event is about (<c>data.job_id</c>), or <see langword="null"/> when the payload
    /// has none.</summary>
    [JsonIgnore]
    public string? JobId =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("job_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>Verifies a delivery's signature and parses it. The timestamp is not checked: use the overload with
    /// <see cref="WebhookVerificationOptions"/> for replay protection and several secrets.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <returns>The verified event.</returns>
    /// <exception cref="WebhookVerificationException">The signature does not match, or the body is not a webhook envelope.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static WebhookEvent Parse(string secret, byte[] rawBody, string? signatureHeader)
    {
        Guard.NotNullOrWhiteSpace(secret);
        Guard.NotNull(rawBody);
        return VerifyAndRead([secret], rawBody, signatureHeader);
    }

    /// <summary>
    /// Verifies a delivery against several secrets (old and new both valid while a rotation is under way), parses it, and
    /// rejects it when its <c>timestamp</c> is outside the replay window.
    /// </summary>
    /// <param name="secrets">The secrets to accept; at least one.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <param name="options">The replay window and clock; <see langword="null"/> for 5 minutes on the system clock.</param>
    /// <returns>The verified event.</returns>
    /// <exception cref="WebhookVerificationException">The signature matches none of the secrets, the body is not a webhook
    /// envelope, or its timestamp is outside <see cref="WebhookVerificationOptions.Tolerance"/>; the message says which.</exception>
    /// <exception cref="ArgumentException"><paramref name="secrets"/> is empty or holds an empty secret, or
    /// <paramref name="options"/> has a tolerance that is not positive or no time provider.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> or <paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static WebhookEvent Parse(IEnumerable<string> secrets, byte[] rawBody, string? signatureHeader, WebhookVerificationOptions? options = null)
    {
        var keys = WebhookSignature.CheckSecrets(secrets);
        Guard.NotNull(rawBody);
        var (tolerance, timeProvider) = CheckOptions(options);
        var webhookEvent = VerifyAndRead(keys, rawBody, signatureHeader);
        if (tolerance != Timeout.InfiniteTimeSpan && webhookEvent.Timestamp is { } timestamp)
        {
            var now = timeProvider.GetUtcNow();
            var age = now - timestamp;
            if (age.Duration() > tolerance)
            {
                throw new WebhookVerificationException(
                    $"The delivery's timestamp {timestamp.ToString("O", CultureInfo.InvariantCulture)} is {Seconds(age.Duration())} "
                    + (age > TimeSpan.Zero ? "old" : "in the future")
                    + $", outside the replay tolerance of {Seconds(tolerance)}: it may be a replayed delivery, or the clocks disagree.");
            }
        }

        return webhookEvent;
    }

    /// <summary>Verifies a delivery's signature and parses it, without throwing. The timestamp is not checked.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <param name="webhookEvent">The verified event, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the delivery is verified and readable.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static bool TryParse(string secret, byte[] rawBody, string? signatureHeader, [NotNullWhen(true)] out WebhookEvent? webhookEvent)
    {
        Guard.NotNullOrWhiteSpace(secret);
        Guard.NotNull(rawBody);
        return TryRead(() => VerifyAndRead([secret], rawBody, signatureHeader), out webhookEvent);
    }

    /// <summary>Verifies a delivery against several secrets and the replay window (5 minutes on the system clock), without
    /// throwing.</summary>
    /// <param name="secrets">The secrets to accept; at least one.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <param name="webhookEvent">The verified event, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the delivery is verified, readable and recent enough.</returns>
    /// <exception cref="ArgumentException"><paramref name="secrets"/> is empty or holds an empty secret.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> or <paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static bool TryParse(IEnumerable<string> secrets, byte[] rawBody, string? signatureHeader, [NotNullWhen(true)] out WebhookEvent? webhookEvent) =>
        TryParse(secrets, rawBody, signatureHeader, null, out webhookEvent);

    /// <summary>Verifies a delivery against several secrets and the replay window, without throwing.</summary>
    /// <param name="secrets">The secrets to accept; at least one.</param>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value.</param>
    /// <param name="options">The replay window and clock; <see langword="null"/> for 5 minutes on the system clock.</param>
    /// <param name="webhookEvent">The verified event, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the delivery is verified, readable and recent enough.</returns>
    /// <exception cref="ArgumentException"><paramref name="secrets"/> is empty or holds an empty secret, or
    /// <paramref name="options"/> is invalid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> or <paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static bool TryParse(
        IEnumerable<string> secrets, byte[] rawBody, string? signatureHeader, WebhookVerificationOptions? options, [NotNullWhen(true)] out WebhookEvent? webhookEvent)
    {
        // Argument errors are the caller's bug, not a bad delivery: they throw here too.
        var keys = WebhookSignature.CheckSecrets(secrets);
        Guard.NotNull(rawBody);
        CheckOptions(options);
        return TryRead(() => Parse(keys, rawBody, signatureHeader, options), out webhookEvent);
    }

    /// <summary>Reads <see cref="Data"/> as the extraction job of an <c>extract_completed</c> event.</summary>
    /// <returns>The job, or <see langword="null"/> for another event type.</returns>
    /// <exception cref="WebhookVerificationException">The data is not an extraction job.</exception>
    public ExtractJob? GetExtractJob() => EventType == WebhookEventType.ExtractCompleted ? ReadData(ScraperJsonContext.Default.ExtractJob) : null;

    /// <summary>Reads <see cref="Data"/> as the batch job of a <c>batch_completed</c> event.</summary>
    /// <remarks>Inferred: the docs show the payload of <c>extract_completed</c> only (the extraction job); for batches it
    /// is assumed to be the batch status object, possibly without results.</remarks>
    /// <returns>The job, or <see langword="null"/> for another event type.</returns>
    /// <exception cref="WebhookVerificationException">The data is not a batch job.</exception>
    public BatchJob? GetBatchJob() => EventType == WebhookEventType.BatchCompleted ? ReadData(ScraperJsonContext.Default.BatchJob) : null;

    /// <summary>Reads <see cref="Data"/> as the crawl job of a <c>crawl_completed</c> event.</summary>
    /// <remarks>Inferred: the payload is assumed to be the crawl status object, possibly without results.</remarks>
    /// <returns>The job, or <see langword="null"/> for another event type.</returns>
    /// <exception cref="WebhookVerificationException">The data is not a crawl job.</exception>
    public CrawlJob? GetCrawlJob() => EventType == WebhookEventType.CrawlCompleted ? ReadData(ScraperJsonContext.Default.CrawlJob) : null;

    private static WebhookEvent VerifyAndRead(List<string> secrets, byte[] rawBody, string? signatureHeader)
    {
        if (!WebhookSignature.Matches(secrets, rawBody, signatureHeader))
        {
            throw new WebhookVerificationException(signatureHeader is null
                ? "The delivery has no X-Webhook-Signature header."
                : secrets.Count == 1
                    ? "The X-Webhook-Signature header does not match the body and secret."
                    : $"The X-Webhook-Signature header does not match the body with any of the {secrets.Count} secrets.");
        }

        try
        {
            var webhookEvent = JsonSerializer.Deserialize(rawBody, ScraperJsonContext.Default.WebhookEvent)
                ?? throw new WebhookVerificationException("The verified body is JSON null, not a webhook envelope.");
            ResponseShape.Check(webhookEvent, ScraperJsonContext.Default.WebhookEvent);

            // JobId reads a string out of the raw data, where invalid UTF-8 would only show when it is read: read it now.
            _ = webhookEvent.JobId;
            return webhookEvent;
        }
        catch (JsonException ex)
        {
            throw new WebhookVerificationException("The verified body is not a webhook envelope: " + ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new WebhookVerificationException("The verified body is not valid UTF-8 JSON: " + ex.Message, ex);
        }
    }

    private static bool TryRead(Func<WebhookEvent> read, [NotNullWhen(true)] out WebhookEvent? webhookEvent)
    {
        try
        {
            webhookEvent = read();
            return true;
        }
        catch (WebhookVerificationException)
        {
            webhookEvent = null;
            return false;
        }
    }

    private static (TimeSpan Tolerance, TimeProvider TimeProvider) CheckOptions(WebhookVerificationOptions? options)
    {
        if (options is null)
        {
            return (TimeSpan.FromMinutes(5), TimeProvider.System);
        }

        if (options.Tolerance <= TimeSpan.Zero && options.Tolerance != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"options.Tolerance must be positive or Timeout.InfiniteTimeSpan; it is {options.Tolerance}.", nameof(options));
        }

        if (options.TimeProvider is null)
        {
            throw new ArgumentException("options.TimeProvider is null.", nameof(options));
        }

        return (options.Tolerance, options.TimeProvider);
    }

    private static string Seconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private T ReadData<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        if (Data.ValueKind == JsonValueKind.Undefined)
        {
            // An envelope without "data": JsonElement's default, which System.Text.Json refuses to read.
            throw new WebhookVerificationException($"The event has no data, so it holds no {typeof(T).Name}.");
        }

        try
        {
            var data = Data.Deserialize(typeInfo) ?? throw new WebhookVerificationException($"The event's data is null, not a {typeof(T).Name}.");
            ResponseShape.Check(data, typeInfo);
            return data;
        }
        catch (JsonException ex)
        {
            throw new WebhookVerificationException($"The event's data is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
