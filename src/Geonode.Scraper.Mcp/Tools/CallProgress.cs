using Geonode.Scraper.Mcp.Common;
using Geonode.Scraper.Mcp.Jobs;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// MCP progress notifications of one tool call whose client sent a progress token. The call's progress is reachable from
/// anything the call awaits (<see cref="Current"/>), so that the SDK's waits inside the agent tools report through it.
/// Values only increase (the protocol requires it), are sent in order, at most one every <see cref="MinInterval"/>
/// except the first, and all have been sent before the call answers.
/// </summary>
internal sealed class CallProgress : IAsyncDisposable
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);
    private static readonly AsyncLocal<CallProgress?> CurrentCall = new();

    private readonly McpServer _server;
    private readonly ProgressToken _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task _sending = Task.CompletedTask;
    private double _last = -1;
    private long _lastSentAt;

    private CallProgress(McpServer server, ProgressToken token, TimeProvider time, ILogger logger)
    {
        _server = server;
        _token = token;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets the progress of the tool call in which the caller runs, or <see langword="null"/> when the client asked
    /// for none (or outside a call).</summary>
    public static CallProgress? Current => CurrentCall.Value;

    /// <summary>Starts reporting for a call; <see langword="null"/> when its client sent no progress token.</summary>
    public static CallProgress? Begin(RequestContext<CallToolRequestParams> request, TimeProvider time, ILogger logger)
    {
        if (request.Params?.ProgressToken is not { } token)
        {
            return null;
        }

        var progress = new CallProgress(request.Server, token, time, logger);
        CurrentCall.Value = progress;
        return progress;
    }

    /// <summary>Reports a job's counters, for example <c>Crawl job …: processing, 3 of 10 pages read</c>.</summary>
    public void Report(JobView job) =>
        Report(job.Done, job.Total >= job.Done && job.Total > 0 ? job.Total : null, job.Summary());

    /// <summary>Reports a step; ignored unless <paramref name="progress"/> is above the last one sent.</summary>
    public void Report(double progress, double? total, string message)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (progress <= _last || (_last >= 0 && _time.GetElapsedTime(_lastSentAt, now) < MinInterval))
            {
                return;
            }

            _last = progress;
            _lastSentAt = now;
            var value = new ProgressNotificationValue { Progress = (float)progress, Total = (float?)total, Message = message };
            _sending = SendAfterAsync(_sending, value);
        }
    }

    /// <summary>Waits until every notification has been sent (so none arrives after the call's answer), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        CurrentCall.Value = null;
        Task sending;
        lock (_lock)
        {
            sending = _sending;
        }

        await sending.ConfigureAwait(false);
    }

    private async Task SendAfterAsync(Task previous, ProgressNotificationValue value)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await _server.NotifyProgressAsync(_token, value).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A client that went away, or a transport that closed: the call itself goes on.
            Log.ProgressNotSent(_logger, ex.GetType().Name);
        }
    }
}
