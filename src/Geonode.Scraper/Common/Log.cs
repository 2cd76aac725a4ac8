using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>Log messages of the SDK. None of them carries the API key or page content; routes are templates, ids are values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Method} {Route} {ResourceId}")]
    public static partial void Sending(ILogger logger, string method, string route, string? resourceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Route} answered {StatusCode} after {ElapsedMs} ms")]
    public static partial void Received(ILogger logger, string method, string route, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Retrying {Method} {Route} (retry {Retry}) in {Delay} after {Reason}")]
    public static partial void Retrying(ILogger logger, string? method, string? route, int retry, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Job {JobId} is {Status}{Progress}; next poll in {Delay} ({Reason})")]
    public static partial void Polled(ILogger logger, string jobId, string status, string progress, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Polling job {JobId} failed ({ErrorCount} in a row): {Reason}; next poll in {Delay}")]
    public static partial void PollFailed(ILogger logger, string jobId, int errorCount, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Job {JobId} ended as {Status} after {Elapsed}")]
    public static partial void JobEnded(ILogger logger, string jobId, string status, TimeSpan elapsed);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Waiting for job {JobId} timed out after {Elapsed} (timeout {Timeout}); the job was {CancelOutcome}")]
    public static partial void JobTimedOut(ILogger logger, string jobId, TimeSpan elapsed, string timeout, string cancelOutcome);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "Job {JobId}: woken before the next scheduled poll")]
    public static partial void Woken(ILogger logger, string jobId);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Job {JobId}: {Yielded} results read but its counters say {Expected}; reading every result page again")]
    public static partial void Rescanning(ILogger logger, string jobId, int yielded, int expected);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "POST {Route}: the answer was lost after the request may have arrived ({Reason}); not sending it again, looking for the job it may have started")]
    public static partial void OutcomeUnknown(ILogger logger, string route, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Job {JobId}: recording its end in the job ledger failed")]
    public static partial void LedgerWriteFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Renewing or releasing this process's leases in the job ledger failed; retried at the next heartbeat")]
    public static partial void LeaseRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Work {EntryId} is claimed by {Owner}, which has not recorded its job yet; waiting for it")]
    public static partial void ClaimHeldElsewhere(ILogger logger, string entryId, string? owner);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Work {EntryId}: took it over from an owner whose lease expired (state {State})")]
    public static partial void ClaimTakenOver(ILogger logger, string entryId, string state);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Job {JobId}: the wait stopped ({Reason}); the job was {CancelOutcome}")]
    public static partial void WaitStopped(ILogger logger, string jobId, string reason, string cancelOutcome);

    [LoggerMessage(EventId = 26, Level = LogLevel.Warning, Message = "Could not read which webhook events the account sends (GET /v1/webhooks): waits poll as without a completion signal until the next try")]
    public static partial void SignalCoverageUnknown(ILogger logger, Exception exception);
}
