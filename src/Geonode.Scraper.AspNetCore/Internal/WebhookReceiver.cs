using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper.AspNetCore.Internal;

/// <summary>
/// The endpoint's handler: verifies a delivery against every configured secret and the replay window, acknowledges a
/// repeated event (same event type and job id, whatever its delivery id) without acting again, and otherwise wakes the
/// waits of the job through <see cref="IJobCompletionSignal"/>. A refused delivery changes nothing: nothing is remembered
/// and nothing is woken before the signature and timestamp are checked.
/// </summary>
internal sealed class WebhookReceiver
{
    /// <summary>The category of the receiver's logs.</summary>
    public const string LogCategory = "Geonode.Scraper.AspNetCore.Webhooks";

    private readonly IOptionsMonitor<GeonodeScraperWebhookOptions> _options;
    private readonly IJobCompletionSignal _signal;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WebhookEventDeduplicator _seen;

    public WebhookReceiver(IOptionsMonitor<GeonodeScraperWebhookOptions> options, IJobCompletionSignal signal, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options;
        _signal = signal;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(LogCategory);
        var settings = options.CurrentValue;
        _seen = new WebhookEventDeduplicator(settings.DeduplicationCapacity, settings.DeduplicationWindow, timeProvider);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        var remote = context.Connection.RemoteIpAddress;
        string? signature = context.Request.Headers[WebhookSignature.HeaderName];
        var secrets = options.Secrets;
        if (string.IsNullOrWhiteSpace(signature))
        {
            // Refused before a byte of the body is read: an unsigned flood costs no memory.
            Refuse(context, remote, "no X-Webhook-Signature header");
            return;
        }

        var body = await ReadBodyAsync(context, options.MaxBodySize).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (!WebhookSignature.Verify(secrets, body, signature))
        {
            Refuse(context, remote, $"the signature matches none of the {secrets.Count} configured secret(s)");
            return;
        }

        WebhookEvent webhookEvent;
        try
        {
            // The signature is checked above; the timestamp below, so that each refusal says which check failed.
            webhookEvent = WebhookEvent.Parse(secrets, body, signature, new WebhookVerificationOptions { Tolerance = Timeout.InfiniteTimeSpan });
        }
        catch (WebhookVerificationException)
        {
            Log.Malformed(_logger, remote);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (options.ReplayTolerance != Timeout.InfiniteTimeSpan && webhookEvent.Timestamp is { } timestamp
            && (_timeProvider.GetUtcNow() - timestamp).Duration() > options.ReplayTolerance)
        {
            Refuse(context, remote, $"its timestamp {timestamp:O} is outside the replay tolerance of {options.ReplayTolerance} (a replay, or clocks that disagree)");
            return;
        }

        var eventType = webhookEvent.EventType.ToString();
        if (webhookEvent.JobId is not { } jobId)
        {
            Log.NoJob(_logger, eventType, webhookEvent.DeliveryId);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (_seen.IsDuplicate(webhookEvent))
        {
            // A retry of an event already acted on: success, so that the service stops retrying it.
            Log.Repeat(_logger, eventType, jobId, webhookEvent.DeliveryId);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        try
        {
            // In process this only cuts the sleeps of the job's waits short; an implementation over a message bus publishes.
            await _signal.NotifyAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever the signal throws (a bus that is down), the delivery must be retried rather than taken as handled.
            _seen.Remove(webhookEvent);
            Log.WakeFailed(_logger, jobId, ex);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        Log.Woke(_logger, eventType, jobId, webhookEvent.DeliveryId);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Reads the body up to <paramref name="limit"/> bytes; <see langword="null"/> (with the status set) when it is
    /// longer, or the request is malformed.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            Log.TooLarge(_logger, context.Connection.RemoteIpAddress, context.Request.ContentLength.Value, limit);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return null;
        }

        try
        {
            // A chunked body has no length up front: read at most one byte past the limit to know it is too long.
            using var buffer = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 4096, limit));
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    Log.TooLarge(_logger, context.Connection.RemoteIpAddress, buffer.Length + read, limit);
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException ex)
        {
            context.Response.StatusCode = ex.StatusCode;
            return null;
        }
    }

    private void Refuse(HttpContext context, System.Net.IPAddress? remote, string reason)
    {
        Log.Refused(_logger, remote, reason);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
