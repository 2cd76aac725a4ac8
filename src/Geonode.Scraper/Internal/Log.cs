using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>Log messages of the SDK. None of them carries the API key or page content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Method} {Path}")]
    public static partial void Sending(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} answered {StatusCode} after {ElapsedMs} ms")]
    public static partial void Received(ILogger logger, string method, string path, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Retrying {Method} {Path} (retry {Retry}) in {Delay} after {Reason}")]
    public static partial void Retrying(ILogger logger, string? method, string? path, int retry, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Job {JobId} is {Status}; next poll in {Delay}")]
    public static partial void Polled(ILogger logger, string jobId, string status, TimeSpan delay);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Polling job {JobId} failed ({ErrorCount} in a row): {Reason}; next poll in {Delay}")]
    public static partial void PollFailed(ILogger logger, string jobId, int errorCount, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Job {JobId} ended as {Status} after {Elapsed}")]
    public static partial void JobEnded(ILogger logger, string jobId, string status, TimeSpan elapsed);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Waiting for job {JobId} timed out after {Elapsed}; cancel requested: {CancelRequested}")]
    public static partial void JobTimedOut(ILogger logger, string jobId, TimeSpan elapsed, bool cancelRequested);
}
