using System.Net;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.AspNetCore.Internal;

/// <summary>Log messages of the webhook receiver. None carries a secret, a signature or the body: event types, job and
/// delivery ids from the verified envelope, and the sender's address for a refused one.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Refused a webhook delivery from {RemoteAddress} with 401: {Reason}")]
    public static partial void Refused(ILogger logger, IPAddress? remoteAddress, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Refused a signed webhook delivery from {RemoteAddress} with 400: the body is not a webhook envelope")]
    public static partial void Malformed(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Webhook {EventType} for job {JobId} (delivery {DeliveryId}): woke the job's waits")]
    public static partial void Woke(ILogger logger, string eventType, string jobId, string? deliveryId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Webhook {EventType} for job {JobId} (delivery {DeliveryId}) repeats an event already acted on: acknowledged, nothing woken")]
    public static partial void Repeat(ILogger logger, string eventType, string jobId, string? deliveryId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Webhook {EventType} (delivery {DeliveryId}) names no job: acknowledged, nothing woken")]
    public static partial void NoJob(ILogger logger, string eventType, string? deliveryId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Waking the waits of job {JobId} failed; answered 500 so that the delivery is retried")]
    public static partial void WakeFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Refused a webhook delivery from {RemoteAddress} with 413: its body of at least {Length} bytes is over the limit of {Limit} (GeonodeScraperWebhookOptions.MaxBodySize)")]
    public static partial void TooLarge(ILogger logger, IPAddress? remoteAddress, long length, long limit);
}
