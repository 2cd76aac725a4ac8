namespace Geonode.Scraper.Internal;

/// <summary>A validated, immutable copy of <see cref="PollingOptions"/>: what one wait runs with.</summary>
internal sealed record PollingSettings(
    TimeSpan InitialDelay,
    double Multiplier,
    TimeSpan? MaxDelay,
    double Jitter,
    TimeSpan Timeout,
    int MaxConsecutiveErrors,
    TimeSpan NotFoundGracePeriod,
    bool CancelJobOnTimeout)
{
    /// <summary>The longest delay between two polls when <see cref="MaxDelay"/> is not set and no completion signal
    /// wakes the wait.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(15);

    public bool HasDeadline => Timeout != System.Threading.Timeout.InfiniteTimeSpan;

    public static PollingSettings From(PollingOptions options) => new(
        options.InitialDelay,
        options.Multiplier,
        options.MaxDelay,
        options.Jitter,
        options.Timeout,
        options.MaxConsecutiveErrors,
        options.NotFoundGracePeriod,
        options.CancelJobOnTimeout);

    /// <summary>A mutable <see cref="PollingOptions"/> with these values, for callers that adjust a copy and pass it on.</summary>
    public PollingOptions ToOptions() => new()
    {
        InitialDelay = InitialDelay,
        Multiplier = Multiplier,
        MaxDelay = MaxDelay,
        Jitter = Jitter,
        Timeout = Timeout,
        MaxConsecutiveErrors = MaxConsecutiveErrors,
        NotFoundGracePeriod = NotFoundGracePeriod,
        CancelJobOnTimeout = CancelJobOnTimeout,
    };

    /// <summary>The plain backoff after <paramref name="attempt"/> earlier delays: InitialDelay × Multiplier^attempt, capped at
    /// <paramref name="maxDelay"/>, jittered.</summary>
    public TimeSpan Backoff(int attempt, TimeSpan maxDelay) =>
        Internal.Backoff.ApplyJitter(Internal.Backoff.Exponential(InitialDelay, Multiplier, maxDelay, attempt), Jitter);
}
