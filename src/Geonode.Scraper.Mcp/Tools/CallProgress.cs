using Geonode.Scraper.Mcp.Common;
using Geonode.Scraper.Mcp.Jobs;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// One tool call's clock and MCP progress notifications, reachable from anything the call awaits (<see cref="Current"/>),
/// so that the SDK's waits inside the agent tools report through it and the job tools measure their wait from the start
/// of the call. Notifications are sent only when the client sent a progress token; their values only increase (the
/// protocol requires it), are sent in order, at most one every <see cref="MinInterval"/> (the latest step held back
/// meanwhile), and all have been sent before the call answers.
/// </summary>
internal sealed class CallProgress : IAsyncDisposable
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);
    private static readonly AsyncLocal<CallProgress?> CurrentCall = new();

    private readonly McpServer _server;
    private readonly ProgressToken? _token;
    private readonly long _startedAt;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task _sending = Task.CompletedTask;
    private double _last = -1;
    private long _lastSentAt;
    private bool _sentAny;
    private ProgressNotificationValue? _pending;
    private ITimer? _timer;

    private CallProgress(McpServer server, ProgressToken? token, TimeProvider time, ILogger logger)
    {
        _server = server;
        _token = token;
        _time = time;
        _logger = logger;
        _startedAt = time.GetTimestamp();
    }

    /// <summary>Gets the tool call in which the caller runs, or <see langword="null"/> outside a call.</summary>
    public static CallProgress? Current => CurrentCall.Value;

    /// <summary>Starts a call's clock, and its notifications when its client sent a progress token.</summary>
    public static CallProgress Begin(RequestContext<CallToolRequestParams> request, TimeProvider time, ILogger logger)
    {
        var progress = new CallProgress(request.Server, request.Params?.ProgressToken, time, logger);
        CurrentCall.Value = progress;
        return progress;
    }

    /// <summary>Returns what is left of <paramref name="budget"/>, measured from the start of the current call (all of it
    /// outside a call).</summary>
    public static TimeSpan Remaining(TimeSpan budget)
    {
        if (Current is not { } call)
        {
            return budget;
        }

        var left = budget - call._time.GetElapsedTime(call._startedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Reports a job's counters, for example <c>Crawl job …: processing, 3 of 10 pages read</c>.</summary>
    public void Report(JobView job) =>
        Report(job.Done, job.Total >= job.Done && job.Total > 0 ? job.Total : null, job.Summary());

    /// <summary>Reports a step; ignored unless <paramref name="progress"/> is above the last one reported. A step that comes
    /// sooner than <see cref="MinInterval"/> after the last one sent is held back and sent when the interval has passed
    /// (or when the call ends), replaced by any later step meanwhile.</summary>
    public void Report(double progress, double? total, string message)
    {
        if (_token is null)
        {
            return;
        }

        lock (_lock)
        {
            if (progress <= _last)
            {
                return;
            }

            _last = progress;
            var value = new ProgressNotificationValue { Progress = (float)progress, Total = (float?)total, Message = message };
            var wait = _sentAny ? MinInterval - _time.GetElapsedTime(_lastSentAt) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                _pending = value;
                _timer ??= _time.CreateTimer(_ => SendPending(), null, wait, Timeout.InfiniteTimeSpan);
                return;
            }

            Send(value);
        }
    }

    /// <summary>Sends what is held back, then waits until every notification has been sent (so none arrives after the
    /// call's answer), and ends the call.</summary>
    public async ValueTask DisposeAsync()
    {
        SendPending();
        Task sending;
        lock (_lock)
        {
            sending = _sending;
        }

        await sending.ConfigureAwait(false);
        CurrentCall.Value = null;
    }

    private void SendPending()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            if (_pending is { } value)
            {
                _pending = null;
                Send(value);
            }
        }
    }

    /// <summary>Queues a notification after the ones before it (called under the lock).</summary>
    private void Send(ProgressNotificationValue value)
    {
        _lastSentAt = _time.GetTimestamp();
        _sentAny = true;
        _sending = SendAfterAsync(_sending, value);
    }

    private async Task SendAfterAsync(Task previous, ProgressNotificationValue value)
    {
        await Task.Yield();   // off the caller's lock before any I/O
        await previous.ConfigureAwait(false);
        try
        {
            await _server.NotifyProgressAsync(_token!.Value, value).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A client that went away, or a transport that closed: the call itself goes on.
            Log.ProgressNotSent(_logger, ex.GetType().Name);
        }
    }
}
