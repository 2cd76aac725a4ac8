using System.Net;

namespace Geonode.Scraper.Internal;

/// <summary>
/// The one place where the delay before the next poll of a wait is decided. The base strategy proposes a delay (finish
/// prediction or the duration prior, by kind; or the fallback interval while a completion signal covers this kind of job
/// and is listening), then the hard limits apply, in this order and after every strategy: the longest delay
/// (<see cref="PollingOptions.MaxDelay"/>, which defaults to the fallback interval under a signal), the cap of a stop
/// condition (a token budget), a <c>Retry-After</c> (which only lengthens, and ends the wait when it is beyond
/// <see cref="RetrySettings.MaxRetryAfter"/> or the deadline), and the deadline or time limit, before which the last sleep is
/// shortened so that a final poll lands.
/// </summary>
internal sealed class WaitPolicy
{
    private readonly JobPoller _poller;
    private readonly PollingSettings _polling;
    private readonly JobKind _kind;
    private readonly string _jobId;
    private readonly TimeSpan? _stopCap;
    private readonly bool _signalCoversKind;

    public WaitPolicy(JobPoller poller, PollingSettings polling, JobKind kind, string jobId, TimeSpan? stopCap, bool signalCoversKind, TimeSpan? timeLimit)
    {
        _poller = poller;
        _polling = polling;
        _kind = kind;
        _jobId = jobId;
        _stopCap = stopCap;
        _signalCoversKind = signalCoversKind;
        TimeLimit = timeLimit;
    }

    /// <summary>Gets the time limit after which the wait returns the job as it stands, if any.</summary>
    public TimeSpan? TimeLimit { get; }

    /// <summary>Gets a value indicating whether a completion signal wakes this wait now: registered, listening, and covering
    /// this kind of job. While it is down, or for other kinds, the wait polls as without one.</summary>
    public bool Signalled => _signalCoversKind && _poller.Signal is { IsListening: true };

    /// <summary>Gets the longest delay between two polls now.</summary>
    public TimeSpan MaxDelay => _polling.MaxDelay ?? (Signalled ? _poller.FallbackInterval : PollingSettings.DefaultMaxDelay);

    /// <summary>The first delay: about <see cref="PollingSettings.InitialDelay"/> after the SDK started the job, else within a
    /// random spread of it (so that thousands of waits started together do not arrive together).</summary>
    public PollDelay First(bool justStarted) => Limit(
        justStarted
            ? new PollDelay(Backoff.ApplyJitter(_polling.InitialDelay, _polling.Jitter), "job just started")
            : new PollDelay(_polling.Jitter > 0 ? Backoff.Uniform(_polling.InitialDelay) : TimeSpan.Zero, "first poll, spread"));

    /// <summary>The delay after a poll that read a running job, or after a transient failure.</summary>
    /// <param name="attempt">How many delays the wait has had so far.</param>
    /// <param name="elapsed">The time since the wait started.</param>
    /// <param name="samples">The progress readings so far.</param>
    /// <param name="retryAfter">The answer's <c>Retry-After</c>, if any.</param>
    /// <param name="error">The transient failure, or <see langword="null"/> after a good poll.</param>
    /// <exception cref="ScraperRateLimitException">The server asked to wait longer than allowed or past the deadline.</exception>
    public PollDelay Next(int attempt, TimeSpan elapsed, IReadOnlyList<ProgressSample> samples, TimeSpan? retryAfter, Exception? error)
    {
        var max = MaxDelay;
        PollDelay own;
        if (error is not null)
        {
            own = new PollDelay(_polling.Backoff(attempt, max), "transient error");
        }
        else if (Signalled)
        {
            own = new PollDelay(Backoff.ApplyJitter(_poller.FallbackInterval, _polling.Jitter), "completion signal; fallback poll");
        }
        else
        {
            own = _poller.Strategy.NextDelay(new PollDelayContext(_polling, _kind, attempt, elapsed, samples, max));
        }

        own = Limit(own);
        if (retryAfter is not { } asked)
        {
            return own;
        }

        var pastDeadline = _polling.HasDeadline && elapsed + asked > _polling.Timeout;
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
                $"The API asked to wait {Durations.Format(asked)} before polling job {_jobId} again, which is {why}; the wait stops here so that you decide.",
                null, null, null, null, [], null, asked));
        }

        // The server's word wins over every cap: it only lengthens the delay, jittered upwards.
        var jittered = Backoff.JitterUp(asked, _polling.Jitter);
        return jittered > own.Delay ? new PollDelay(jittered, "Retry-After") : own;
    }

    /// <summary>Shortens a sleep that would pass the deadline or the time limit, so that one more poll lands just before it.</summary>
    /// <returns>The delay, and which end the poll after it is the last one before (null when it is not the last).</returns>
    public (PollDelay Delay, WaitEnd? FinalBefore) Plan(PollDelay delay, TimeSpan elapsed)
    {
        (TimeSpan End, WaitEnd Kind)? end = null;
        if (_polling.HasDeadline)
        {
            end = (_polling.Timeout - FinalPollMargin(_polling.Timeout), WaitEnd.Deadline);
        }

        if (TimeLimit is { } limit && (end is null || limit - FinalPollMargin(limit) < end.Value.End))
        {
            end = (limit - FinalPollMargin(limit), WaitEnd.TimeLimit);
        }

        if (end is not { } e)
        {
            return (delay, null);
        }

        var latest = e.End - elapsed;
        if (delay.Delay < latest)
        {
            return (delay, null);
        }

        var reason = e.Kind == WaitEnd.Deadline ? "final poll before the deadline" : "final poll before the time limit";
        return (new PollDelay(latest > TimeSpan.Zero ? latest : TimeSpan.Zero, reason), e.Kind);
    }

    /// <summary>How far before an end the final poll starts: room for it to finish before the end cuts it.</summary>
    internal static TimeSpan FinalPollMargin(TimeSpan end)
    {
        var tenth = TimeSpan.FromTicks(end.Ticks / 10);
        return tenth < JobPoller.MaxFinalPollMargin ? tenth : JobPoller.MaxFinalPollMargin;
    }

    private PollDelay Limit(PollDelay delay)
    {
        var max = MaxDelay;
        if (delay.Delay > max)
        {
            delay = new PollDelay(max, delay.Reason + $", capped at MaxDelay {Durations.Format(max)}");
        }

        if (_stopCap is { } cap && delay.Delay > cap)
        {
            delay = new PollDelay(cap, delay.Reason + $", capped at {Durations.Format(cap)} by the stop condition");
        }

        return delay;
    }
}

/// <summary>How a wait ended.</summary>
internal enum WaitEnd
{
    /// <summary>The job reached a terminal status.</summary>
    Ended,

    /// <summary>The wait's deadline (<see cref="PollingOptions.Timeout"/>) passed.</summary>
    Deadline,

    /// <summary>The wait's time limit passed: the job is returned as it stands.</summary>
    TimeLimit,

    /// <summary>A stop condition (a token budget) ended it.</summary>
    Stopped,
}
