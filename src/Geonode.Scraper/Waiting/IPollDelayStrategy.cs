namespace Geonode.Scraper;

/// <summary>Chooses the delay before the next status poll of a wait. The poll loop applies <c>Retry-After</c>, the deadline
/// and wake-ups on top of it, so a strategy only decides how eagerly to poll.</summary>
internal interface IPollDelayStrategy
{
    PollDelay NextDelay(PollDelayContext context);
}

/// <summary>A delay and why it was chosen (for the poll log).</summary>
internal readonly record struct PollDelay(TimeSpan Delay, string Reason);

/// <summary>One progress reading: when (since the wait started), and the job's counters.</summary>
internal readonly record struct ProgressSample(TimeSpan At, int Done, int Total);

/// <summary>What a strategy knows when it chooses.</summary>
internal sealed class PollDelayContext
{
    public PollDelayContext(Internal.PollingSettings polling, JobKind kind, int attempt, TimeSpan elapsed, IReadOnlyList<ProgressSample> samples)
    {
        Polling = polling;
        Kind = kind;
        Attempt = attempt;
        Elapsed = elapsed;
        Samples = samples;
    }

    public Internal.PollingSettings Polling { get; }

    public JobKind Kind { get; }

    /// <summary>Gets how many delays the wait has had so far.</summary>
    public int Attempt { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Gets the progress readings so far, oldest first (empty for jobs without counters).</summary>
    public IReadOnlyList<ProgressSample> Samples { get; }
}
