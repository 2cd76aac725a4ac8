namespace Geonode.Scraper.Conformance;

/// <summary>
/// The system clock, shifted forward by <see cref="Advance"/>: a controllable clock for implementations that take a
/// <see cref="TimeProvider"/> (the in-memory and file ledgers), whose timers and delays still run in real time (a lock retry
/// still ends), so that lease expiry is tested without waiting.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Gets how far this clock is ahead of the system clock.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far.</param>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
