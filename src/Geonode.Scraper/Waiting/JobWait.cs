using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper;

/// <summary>
/// One wait for one job: the only polling loop of the SDK (<see cref="SnapshotsAsync"/>) and the rules every read made
/// on behalf of the wait obeys (<see cref="ReadAsync{T}(Func{CancellationToken, Task{ApiResponse{T}}})"/>): one deadline that bounds every request including its body,
/// transient errors retried on the wait's own backoff up to <see cref="PollingSettings.MaxConsecutiveErrors"/>,
/// <c>Retry-After</c> (capped, jittered, never past the deadline), a 404 grace period for a job not visible yet, a final
/// poll just before the deadline, cancelling the job on timeout when asked, wake-ups that cut a sleep short, and the
/// wait's span, logs and metrics.
/// </summary>
internal sealed class JobWait<TJob> : IAsyncDisposable
    where TJob : class, IScraperJob
{
    private readonly JobPoller _poller;
    private readonly JobWaitRequest<TJob> _request;
    private readonly PollingSettings _polling;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly IDisposable? _wakeRegistration;
    private readonly List<ProgressSample> _samples = [];
    private readonly object _sleepLock = new();
    private CancellationTokenSource? _sleep;
    private bool _woken;
    private int _delays;
    private int _errors;
    private bool _finalPollPlanned;
    private string? _outcome;
    private JobTimeoutException? _timeout;

    internal JobWait(JobPoller poller, JobWaitRequest<TJob> request, CancellationToken cancellationToken)
    {
        _poller = poller;
        _request = request;
        _polling = request.Polling;
        _callerToken = cancellationToken;
        _started = poller.TimeProvider.GetTimestamp();
        if (_polling.HasDeadline)
        {
            _deadline = poller.TimeProvider.CreateTimeoutSource(_polling.Timeout);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        }
        else
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        _activity = Telemetry.Source.StartActivity("wait for job");
        _activity?.SetTag("geonode.job.id", request.JobId);
        _activity?.SetTag("geonode.job.kind", KindName);
        _wakeRegistration = poller.WakeSignal?.Subscribe(request.JobId, Wake);
    }

    /// <summary>Gets the token every request of the wait runs under: the caller's token and the deadline.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Gets the last snapshot read.</summary>
    public TJob? Last { get; private set; }

    private string KindName => _request.Kind switch { JobKind.Batch => "batch", JobKind.Crawl => "crawl", _ => "extract" };

    private TimeSpan Elapsed => _poller.TimeProvider.GetElapsedTime(_started);

    private ILogger Logger => _poller.Logger;

    /// <summary>Polls until the job reaches a terminal status, yielding every snapshot once (the terminal one last).
    /// Throws <see cref="JobTimeoutException"/> at the deadline (after yielding the last snapshot read).</summary>
    public async IAsyncEnumerable<TJob> SnapshotsAsync()
    {
        var finished = false;
        try
        {
            var first = _request.JustStarted
                ? new PollDelay(Backoff.ApplyJitter(_polling.InitialDelay, _polling.Jitter), "job just started")
                : new PollDelay(_polling.Jitter > 0 ? Backoff.Uniform(_polling.InitialDelay) : TimeSpan.Zero, "first poll, spread");
            await SleepAsync(Plan(first)).ConfigureAwait(false);
            if (_request.JustStarted)
            {
                // That sleep was the first step of the backoff.
                _delays++;
            }

            while (true)
            {
                var response = await ReadAsync(_request.Poll, statusPoll: true).ConfigureAwait(false);
                var snapshot = response.Value;
                Last = snapshot;
                if (_request.ProgressOf(snapshot) is { } progress)
                {
                    _samples.Add(new ProgressSample(Elapsed, progress.Done, progress.Total));
                }

                // The caller's code, outside any retry: an exception thrown here is theirs, not a transient failure.
                _request.Progress?.Report(snapshot);
                if (snapshot.Status.IsTerminal)
                {
                    _outcome = snapshot.Status == JobStatus.Completed ? "completed" : snapshot.Status == JobStatus.Failed ? "failed" : "cancelled";
                    Log.JobEnded(Logger, _request.JobId, snapshot.Status.ToString(), Elapsed);
                    finished = true;
                    yield return snapshot;
                    yield break;
                }

                if (_finalPollPlanned)
                {
                    // That was the poll placed just before the deadline.
                    yield return snapshot;
                    throw await TimeoutAsync().ConfigureAwait(false);
                }

                var next = Plan(NextDelay(response.RetryAfter, null));
                if (Logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Polled(Logger, _request.JobId, snapshot.Status.ToString(), Describe(_request.ProgressOf(snapshot)), next.Delay, next.Reason);
                }

                var wakeAt = _poller.TimeProvider.GetTimestamp();
                yield return snapshot;

                // The delay counts from the poll, not from when the consumer of the snapshots comes back.
                var spent = _poller.TimeProvider.GetElapsedTime(wakeAt);
                await SleepAsync(next with { Delay = next.Delay - spent }).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!finished && _outcome is null)
            {
                _outcome = _callerToken.IsCancellationRequested ? "abandoned" : "error";
            }
        }
    }

    /// <summary>Runs one read for the wait (a status poll, or a result page of a watch) under the wait's rules.</summary>
    public Task<ApiResponse<T>> ReadAsync<T>(Func<CancellationToken, Task<ApiResponse<T>>> read) => ReadAsync(read, statusPoll: false);

    public ValueTask DisposeAsync()
    {
        _wakeRegistration?.Dispose();
        _linked.Dispose();
        _deadline?.Dispose();
        var outcome = _outcome ?? "abandoned";
        if (_activity is not null)
        {
            _activity.SetTag("geonode.job.outcome", outcome);
            if (outcome is not "completed")
            {
                _activity.SetStatus(ActivityStatusCode.Error, outcome);
            }

            _activity.Dispose();
        }

        Telemetry.JobWait.Record(Elapsed.TotalSeconds, new KeyValuePair<string, object?>("geonode.job.outcome", outcome), new KeyValuePair<string, object?>("geonode.job.kind", KindName));
        return default;
    }

    private static string Describe(JobProgress? progress) => progress is { } p ? $" ({p.Done}/{p.Total} settled)" : string.Empty;

    private async Task<ApiResponse<T>> ReadAsync<T>(Func<CancellationToken, Task<ApiResponse<T>>> read, bool statusPoll)
    {
        while (true)
        {
            PollDelay retry;
            try
            {
                if (statusPoll)
                {
                    Telemetry.Polls.Add(1, new KeyValuePair<string, object?>("geonode.job.kind", KindName));
                }

                var response = await read(_linked.Token).ConfigureAwait(false);
                _errors = 0;
                return response;
            }
            catch (OperationCanceledException) when (_deadline?.IsCancellationRequested == true && !_callerToken.IsCancellationRequested)
            {
                throw await TimeoutAsync().ConfigureAwait(false);
            }
            catch (ScraperNotFoundException) when (statusPoll && Elapsed < _polling.NotFoundGracePeriod)
            {
                // A job that was just started may not be visible to reads yet: it counts as queued.
                retry = Plan(new PollDelay(_polling.Backoff(_delays++), "job not visible yet (HTTP 404 within the grace period)"));
                if (Logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Polled(Logger, _request.JobId, "not visible yet", string.Empty, retry.Delay, retry.Reason);
                }
            }
            catch (Exception ex) when (JobPoller.IsTransient(ex) && !_callerToken.IsCancellationRequested)
            {
                if (_finalPollPlanned)
                {
                    throw await TimeoutAsync().ConfigureAwait(false);
                }

                if (++_errors >= _polling.MaxConsecutiveErrors)
                {
                    throw;
                }

                retry = Plan(NextDelay((ex as ScraperApiException)?.RetryAfter, ex));
                Log.PollFailed(Logger, _request.JobId, _errors, Reason(ex), retry.Delay);
            }

            await SleepAsync(retry).ConfigureAwait(false);
        }
    }

    /// <summary>The strategy's delay, lengthened (never shortened) by a <c>Retry-After</c>; one beyond
    /// <see cref="RetrySettings.MaxRetryAfter"/> or past the deadline ends the wait with <see cref="ScraperRateLimitException"/>.</summary>
    private PollDelay NextDelay(TimeSpan? retryAfter, Exception? error)
    {
        var own = error is null
            ? _poller.DelayStrategy.NextDelay(new PollDelayContext(_polling, _request.Kind, _delays, Elapsed, _samples))
            : new PollDelay(_polling.Backoff(_delays), "transient error");
        _delays++;
        if (retryAfter is not { } asked)
        {
            return own;
        }

        var pastDeadline = _polling.HasDeadline && Elapsed + asked > _polling.Timeout;
        if (asked > _poller.Retry.MaxRetryAfter || pastDeadline)
        {
            if (error is ScraperRateLimitException rateLimit)
            {
                throw rateLimit;
            }

            var why = pastDeadline
                ? $"past the wait's deadline ({Durations.Format(_polling.Timeout)})"
                : $"longer than Retry.MaxRetryAfter ({Durations.Format(_poller.Retry.MaxRetryAfter)})";
            var status = (error as ScraperApiException)?.StatusCode ?? HttpStatusCode.OK;
            throw new ScraperRateLimitException(new ApiErrorInfo(
                status,
                $"The API asked to wait {Durations.Format(asked)} before polling job {_request.JobId} again, which is {why}; the wait stops here so that you decide.",
                null, null, null, null, [], null, asked));
        }

        var jittered = Backoff.JitterUp(asked, _polling.Jitter);
        return jittered > own.Delay ? new PollDelay(jittered, "Retry-After") : own;
    }

    /// <summary>Shortens a sleep that would pass the deadline so that one more poll lands just before it.</summary>
    private PollDelay Plan(PollDelay delay)
    {
        if (!_polling.HasDeadline)
        {
            return delay;
        }

        var margin = FinalPollMargin(_polling.Timeout);
        var latest = _polling.Timeout - margin - Elapsed;
        if (delay.Delay < latest)
        {
            return delay;
        }

        _finalPollPlanned = true;
        return new PollDelay(latest > TimeSpan.Zero ? latest : TimeSpan.Zero, "final poll before the deadline");
    }

    /// <summary>How far before the deadline the final poll starts: room for it to finish before the deadline cuts it.</summary>
    internal static TimeSpan FinalPollMargin(TimeSpan timeout)
    {
        var tenth = TimeSpan.FromTicks(timeout.Ticks / 10);
        return tenth < JobPoller.MaxFinalPollMargin ? tenth : JobPoller.MaxFinalPollMargin;
    }

    private async Task SleepAsync(PollDelay delay)
    {
        if (delay.Delay <= TimeSpan.Zero)
        {
            if (_linked.IsCancellationRequested)
            {
                // The deadline may have passed while the last poll was read: that is a timeout, not a cancellation.
                _callerToken.ThrowIfCancellationRequested();
                throw await TimeoutAsync().ConfigureAwait(false);
            }

            return;
        }

        CancellationTokenSource sleep;
        lock (_sleepLock)
        {
            if (_woken)
            {
                _woken = false;
                return;
            }

            sleep = CancellationTokenSource.CreateLinkedTokenSource(_linked.Token);
            _sleep = sleep;
        }

        try
        {
            await _poller.TimeProvider.DelayAsync(delay.Delay, sleep.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_linked.IsCancellationRequested)
        {
            // Woken: a signal says the job may have ended, so the next poll comes at once.
            Log.Woken(Logger, _request.JobId);
        }
        catch (OperationCanceledException) when (_deadline?.IsCancellationRequested == true && !_callerToken.IsCancellationRequested)
        {
            throw await TimeoutAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_sleepLock)
            {
                _sleep = null;
                _woken = false;
            }

            sleep.Dispose();
        }
    }

    private void Wake()
    {
        lock (_sleepLock)
        {
            _woken = true;
            _sleep?.Cancel();
        }
    }

    private async Task<JobTimeoutException> TimeoutAsync()
    {
        if (_timeout is not null)
        {
            return _timeout;
        }

        var elapsed = Elapsed;
        var cancelled = false;
        Exception? cancelError = null;
        if (_polling.CancelJobOnTimeout && _request.CancelJob is { } cancel)
        {
            // Not the caller's token: the wait is over, but the cancel must still reach the server, within its own short limit.
            using var limit = _poller.TimeProvider.CreateTimeoutSource(JobPoller.CancelOnTimeoutLimit);
            try
            {
                await cancel(limit.Token).ConfigureAwait(false);
                cancelled = true;
            }
            catch (Exception ex) when (ex is ScraperException or HttpRequestException or TimeoutException or IOException or OperationCanceledException)
            {
                cancelError = ex;
            }
        }

        _outcome = "timeout";
        Log.JobTimedOut(Logger, _request.JobId, elapsed, Durations.Format(_polling.Timeout), _polling.CancelJobOnTimeout ? (cancelled ? "cancelled on the server" : "cancel failed") : "left running");
        _timeout = new JobTimeoutException(_request.JobId, Last, elapsed, _polling.Timeout, cancelled, cancelError);
        return _timeout;
    }

    private static string Reason(Exception ex) => ex switch
    {
        ScraperApiException api => $"HTTP {(int)api.StatusCode}{(api.ErrorCode is null ? string.Empty : " " + api.ErrorCode)}",
        ScraperResponseException => "unreadable response",
        TimeoutException => "attempt timeout",
        _ => ex.GetType().Name,
    };
}
