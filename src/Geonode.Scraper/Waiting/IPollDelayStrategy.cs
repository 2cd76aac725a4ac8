namespace Geonode.Scraper;

/// <summary>Chooses the delay before the next status poll of a wait: the base strategy. The wait's
/// <see cref="Internal.WaitPolicy"/> applies the hard limits on top of it (MaxDelay, a stop condition's cap, <c>Retry-After</c>,
/// the deadline), so a strategy only decides how eagerly to poll.</summary>
internal interface IPollDelayStrategy
{
    PollDelay NextDelay(PollDelayContext context);

    /// <summary>Tells the strategy that a job it was asked about reached a terminal status after running for
    /// <paramref name="duration"/> (the learning hook of <see cref="DurationPrior"/>; strategies that learn nothing ignore it).</summary>
    /// <param name="kind">The kind of job.</param>
    /// <param name="duration">How long the job ran, from its creation to its terminal status.</param>
    void JobEnded(JobKind kind, TimeSpan duration);
}

/// <summary>A delay and why it was chosen (for the poll log).</summary>
internal readonly record struct PollDelay(TimeSpan Delay, string Reason);

/// <summary>One progress reading: when (since the wait started), and the job's counters.</summary>
internal readonly record struct ProgressSample(TimeSpan At, int Done, int Total);

/// <summary>What a strategy knows when it chooses.</summary>
internal sealed class PollDelayContext
{
    public PollDelayContext(Internal.PollingSettings polling, JobKind kind, int attempt, TimeSpan elapsed, IReadOnlyList<ProgressSample> samples, TimeSpan maxDelay)
    {
        Polling = polling;
        Kind = kind;
        Attempt = attempt;
        Elapsed = elapsed;
        Samples = samples;
        MaxDelay = maxDelay;
    }

    public Internal.PollingSettings Polling { get; }

    public JobKind Kind { get; }

    /// <summary>Gets how many delays the wait has had so far.</summary>
    public int Attempt { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Gets the progress readings so far, oldest first (empty for jobs without counters).</summary>
    public IReadOnlyList<ProgressSample> Samples { get; }

    /// <summary>Gets the longest delay the wait allows now (the wait caps whatever the strategy says at it anyway).</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>The plain backoff after the delays so far, within <see cref="MaxDelay"/>.</summary>
    public TimeSpan Backoff() => Polling.Backoff(Attempt, MaxDelay);
}
