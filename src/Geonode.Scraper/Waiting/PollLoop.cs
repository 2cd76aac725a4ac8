using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>
/// One wait for one job: the only polling loop of the SDK (<see cref="SnapshotsAsync"/>) and the rules every read made on
/// behalf of the wait obeys (<see cref="ReadAsync{T}(Func{CancellationToken, Task{ApiResponse{T}}})"/>): one deadline that
/// bounds every request including its body, transient errors retried on the wait's own backoff up to
/// <see cref="PollingSettings.MaxConsecutiveErrors"/>, a 404 grace period for a job not visible yet, wake-ups that cut a
/// sleep short, and the wait's span, logs and metrics. When to poll is the <see cref="WaitPolicy"/>'s business. A wait that
/// ends before the job does (its deadline, its time limit, a stop condition) ends the loop with a
/// <see cref="WaitStoppedException"/>, which <see cref="JobPoller.StoppedAsync"/> turns into what the caller gets.
/// </summary>
internal sealed class PollLoop<TJob> : IAsyncDisposable
    where TJob : class, IScraperJob
{
    private readonly JobPoller _poller;
    private readonly PollRequest<TJob> _request;
    private readonly PollingSettings _polling;
    private readonly WaitPolicy _policy;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource? _timeLimit;
    private readonly CancellationTokenSource _linked;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly IDisposable? _wakeRegistration;
    private readonly List<ProgressSample> _samples = [];
    private readonly object _sleepLock = new();
    private CancellationTokenSource? _sleep;
    private bool _woken;
    private TimeSpan? _openSeenAt;
    private int _delays;
    private int _errors;
    private WaitEnd? _finalBefore;
    private string? _outcome;

    internal PollLoop(JobPoller poller, PollRequest<TJob> request, bool signalCoversKind, CancellationToken cancellationToken)
    {
        _poller = poller;
        _request = request;
        _polling = request.Polling;
        _callerToken = cancellationToken;
        _started = poller.TimeProvider.GetTimestamp();
        TimeSpan? stopCap = request.StopWhen.Select(s => s.Cap).Where(c => c is not null).DefaultIfEmpty().Min();
        _policy = new WaitPolicy(poller, _polling, request.Kind, request.JobId, stopCap, signalCoversKind, request.TimeLimit);
        var sources = new List<CancellationToken> { cancellationToken };
        if (_polling.HasDeadline)
        {
            _deadline = poller.TimeProvider.CreateTimeoutSource(_polling.Timeout);
            sources.Add(_deadline.Token);
        }

        if (request.TimeLimit is { } limit)
        {
            _timeLimit = poller.TimeProvider.CreateTimeoutSource(limit);
            sources.Add(_timeLimit.Token);
        }

        _linked = CancellationTokenSource.CreateLinkedTokenSource([.. sources]);
        _activity = Telemetry.Source.StartActivity("wait for job");
        _activity?.SetTag("geonode.job.id", request.JobId);
        _activity?.SetTag("geonode.job.kind", KindName);

        // Subscribed before the first poll reads the status: a signal sent after that read is not missed.
        _wakeRegistration = signalCoversKind ? poller.Signal?.Subscribe(request.JobId, Wake) : null;
    }

    /// <summary>Gets the token every request of the wait runs under: the caller's token, the deadline and the time limit.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Gets the last snapshot read.</summary>
    public TJob? Last { get; private set; }

    private string KindName => JobPoller.KindName(_request.Kind);

    private TimeSpan Elapsed => _poller.TimeProvider.GetElapsedTime(_started);

    private ILogger Logger => _poller.Logger;

    /// <summary>Polls until the job reaches a terminal status, yielding every snapshot once (the terminal one last). A
    /// wait that ends first yields the last snapshot read and throws <see cref="WaitStoppedException"/>.</summary>
    public async IAsyncEnumerable<TJob> SnapshotsAsync()
    {
        var finished = false;
        try
        {
            await SleepAsync(Plan(_policy.First(_request.JustStarted))).ConfigureAwait(false);
            if (_request.JustStarted)
            {
                // That sleep was the first step of the backoff, and the job was open when it began.
                _delays++;
                _openSeenAt = TimeSpan.Zero;
            }

            while (true)
            {
                var response = await ReadAsync(_request.Poll, statusPoll: true).ConfigureAwait(false);
                var snapshot = response.Value;
                var polledAt = Elapsed;
                Last = snapshot;
                if (_request.ProgressOf(snapshot) is { } progress)
                {
                    _samples.Add(new ProgressSample(polledAt, progress.Done, progress.Total));
                }

                // The caller's code, outside any retry: an exception thrown here is theirs, not a transient failure.
                _request.Progress?.Report(snapshot);
                if (snapshot.Status.IsTerminal)
                {
                    _outcome = snapshot.Status == JobStatus.Completed ? "completed" : snapshot.Status == JobStatus.Failed ? "failed" : "cancelled";
                    Log.JobEnded(Logger, _request.JobId, snapshot.Status.ToString(), Elapsed);

                    // The learning hook: the strategy hears how long the job ran (DurationPrior).
                    if (RunTime(snapshot, polledAt) is { } ranFor)
                    {
                        _poller.Strategy.JobEnded(_request.Kind, ranFor);
                    }

                    finished = true;
                    yield return snapshot;
                    yield break;
                }

                _openSeenAt = polledAt;
                foreach (var condition in _request.StopWhen)
                {
                    if (await condition.ShouldStopAsync(snapshot, _linked.Token).ConfigureAwait(false))
                    {
                        throw Stop(WaitEnd.Stopped, condition.Name, condition);
                    }
                }

                if (_finalBefore is { } end)
                {
                    // That was the poll placed just before the deadline or the time limit.
                    yield return snapshot;
                    throw Stop(end);
                }

                var next = Plan(_policy.Next(_delays++, Elapsed, _samples, response.RetryAfter, null));
                if (Logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Polled(Logger, _request.JobId, snapshot.Status.ToString(), Describe(_request.ProgressOf(snapshot)), next.Delay, next.Reason);
                }

                var yieldedAt = _poller.TimeProvider.GetTimestamp();
                yield return snapshot;

                // The delay counts from the poll, not from when the consumer of the snapshots comes back.
                await SleepAsync(next with { Delay = next.Delay - _poller.TimeProvider.GetElapsedTime(yieldedAt) }).ConfigureAwait(false);
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

    /// <summary>How long the job of a terminal snapshot ran: by its own timestamps where the snapshot has them (both from
    /// the server's clock, so no clock skew and no poll interval in it); else, for a job this wait started with, the middle
    /// of the interval between the last poll that saw it open and the one that saw it end (off by at most half a poll
    /// interval); else unknown.</summary>
    private TimeSpan? RunTime(TJob snapshot, TimeSpan polledAt)
    {
        if (_request.DurationOf(snapshot) is { } own && own > TimeSpan.Zero)
        {
            return own;
        }

        return _request.JustStarted && _openSeenAt is { } open ? open + TimeSpan.FromTicks((polledAt - open).Ticks / 2) : null;
    }

    /// <summary>Runs one read for the wait (a status poll, or a result page of a watch) under the wait's rules.</summary>
    public Task<ApiResponse<T>> ReadAsync<T>(Func<CancellationToken, Task<ApiResponse<T>>> read) => ReadAsync(read, statusPoll: false);

    public ValueTask DisposeAsync()
    {
        _wakeRegistration?.Dispose();
        _linked.Dispose();
        _deadline?.Dispose();
        _timeLimit?.Dispose();
        var outcome = _outcome ?? "abandoned";
        if (_activity is not null)
        {
            _activity.SetTag("geonode.job.outcome", outcome);
            if (outcome is not ("completed" or "time limit"))
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
            catch (OperationCanceledException) when (EndedBy() is { } end)
            {
                throw Stop(end);
            }
            catch (ScraperNotFoundException) when (statusPoll && Elapsed < _polling.NotFoundGracePeriod)
            {
                // A job that was just started may not be visible to reads yet: it counts as queued.
                retry = Plan(new PollDelay(_polling.Backoff(_delays++, _policy.MaxDelay), "job not visible yet (HTTP 404 within the grace period)"));
                if (Logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Polled(Logger, _request.JobId, "not visible yet", string.Empty, retry.Delay, retry.Reason);
                }
            }
            catch (Exception ex) when (Transient.IsTransient(ex) && !_callerToken.IsCancellationRequested)
            {
                if (_finalBefore is { } end)
                {
                    throw Stop(end);
                }

                if (++_errors >= _polling.MaxConsecutiveErrors)
                {
                    throw;
                }

                retry = Plan(_policy.Next(_delays++, Elapsed, _samples, (ex as ScraperApiException)?.RetryAfter, ex));
                Log.PollFailed(Logger, _request.JobId, _errors, Transient.Describe(ex), retry.Delay);
            }

            await SleepAsync(retry).ConfigureAwait(false);
        }
    }

    /// <summary>The policy's plan for a delay: shortened, and marked final, before the deadline or the time limit.</summary>
    private PollDelay Plan(PollDelay delay)
    {
        var (planned, finalBefore) = _policy.Plan(delay, Elapsed);
        if (finalBefore is not null)
        {
            _finalBefore = finalBefore;
        }

        return planned;
    }

    /// <summary>Which end cancelled the wait's token, if the caller did not.</summary>
    private WaitEnd? EndedBy() =>
        _callerToken.IsCancellationRequested ? null
        : _deadline?.IsCancellationRequested == true ? WaitEnd.Deadline
        : _timeLimit?.IsCancellationRequested == true ? WaitEnd.TimeLimit
        : null;

    private async Task SleepAsync(PollDelay delay)
    {
        if (delay.Delay <= TimeSpan.Zero)
        {
            if (_linked.IsCancellationRequested)
            {
                // The deadline may have passed while the last poll was read: that ends the wait, it is not a cancellation.
                _callerToken.ThrowIfCancellationRequested();
                throw Stop(EndedBy() ?? WaitEnd.Deadline);
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
        catch (OperationCanceledException) when (EndedBy() is { } end)
        {
            throw Stop(end);
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

    private WaitStoppedException Stop(WaitEnd end, string? name = null, object? condition = null)
    {
        _outcome = end switch
        {
            WaitEnd.Deadline => "timeout",
            WaitEnd.TimeLimit => "time limit",
            _ => name ?? "stopped",
        };
        return new WaitStoppedException(end, Last, Elapsed, condition);
    }
}
