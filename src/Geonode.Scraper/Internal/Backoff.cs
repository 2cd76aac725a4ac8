namespace Geonode.Scraper.Internal;

/// <summary>Capped exponential delays with symmetric jitter, shared by request retries and job polling.</summary>
internal static class Backoff
{
    private static readonly object RandomLock = new();
    private static readonly Random SharedRandom = new();

    /// <summary>Returns <c>initial × multiplier^attempt</c>, capped at <paramref name="max"/> (attempt is 0-based).</summary>
    public static TimeSpan Exponential(TimeSpan initial, double multiplier, TimeSpan max, int attempt)
    {
        var ticks = initial.Ticks * Math.Pow(multiplier, attempt);
        return ticks >= max.Ticks || double.IsInfinity(ticks) ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Spreads <paramref name="delay"/> uniformly over ±<paramref name="fraction"/>.</summary>
    public static TimeSpan ApplyJitter(TimeSpan delay, double fraction)
    {
        if (fraction <= 0 || delay <= TimeSpan.Zero)
        {
            return delay;
        }

        double sample;
        lock (RandomLock)
        {
            sample = SharedRandom.NextDouble();
        }

        var factor = 1 + (fraction * ((2 * sample) - 1));
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }
}
