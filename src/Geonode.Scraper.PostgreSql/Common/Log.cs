using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>Log messages of the PostgreSQL coordination. None carries a connection string (it may hold a password):
/// schema and channel names, job ids, counts and the database's own error messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Applied the coordination schema script {Script} to the PostgreSQL schema {Schema}")]
    public static partial void SchemaApplied(ILogger logger, string script, string schema);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Listening on PostgreSQL channels {Channels} (backend process {ProcessId})")]
    public static partial void Listening(ILogger logger, string channels, int processId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "The PostgreSQL listener on {Channels} is down; waits poll meanwhile. Reconnecting in {Delay}")]
    public static partial void ListenerDown(ILogger logger, string channels, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "A subscriber of a PostgreSQL notification on {Channel} threw")]
    public static partial void SubscriberFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Deleting what is past its retention from {Table} failed; it is tried again later")]
    public static partial void CleanupFailed(ILogger logger, string table, Exception exception);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "Deleted {Count} row(s) past their retention from {Table}")]
    public static partial void CleanedUp(ILogger logger, int count, string table);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Renewing the leases of this replica's {Held} concurrency slot(s) failed; they expire unless a later renewal succeeds")]
    public static partial void SlotRenewalFailed(ILogger logger, int held, Exception exception);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "{Lost} of this replica's {Held} concurrency slot(s) had expired before their renewal (the replica stalled longer than the slot lease); other replicas may use them")]
    public static partial void SlotsLost(ILogger logger, int lost, int held);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Releasing a concurrency slot of {Name} failed; it is freed when its lease expires")]
    public static partial void SlotReleaseFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 309, Level = LogLevel.Debug, Message = "Sent the wake-up of job {JobId} to every replica")]
    public static partial void Notified(ILogger logger, string jobId);
}
