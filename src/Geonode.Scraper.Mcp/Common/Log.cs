using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Mcp.Common;

/// <summary>The server's log messages (source-generated). None carries the key or a page's content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Name} {Version} (process {ProcessId}): {Transport}; API {Api}; exports under {Root}; calls answer within {Bound}")]
    public static partial void Started(ILogger logger, string name, string version, int processId, string transport, string api, string root, string bound);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Tool} answered in {ElapsedMs} ms{Outcome}")]
    public static partial void ToolAnswered(ILogger logger, string tool, long elapsedMs, string outcome);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Tool} failed unexpectedly ({Reason})")]
    public static partial void ToolFailed(ILogger logger, string tool, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "A progress notification could not be sent ({Reason})")]
    public static partial void ProgressNotSent(ILogger logger, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Job {JobId}: the same {Kind} is still running from an earlier call (job ledger); not starting another")]
    public static partial void RunningJobFound(ILogger logger, string jobId, string kind);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The job ledger could not be read to find a running job ({Reason})")]
    public static partial void LedgerUnreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Export of job {JobId} stopped at its time bound; the next call goes on from its manifest")]
    public static partial void ExportBounded(ILogger logger, string jobId);
}
