namespace Geonode.Scraper.Internal;

/// <summary>Capped exponential delays with jitter, shared by request retries and job polling.</summary>
internal static class Backoff
{
    private static readonly object RandomLock = new();
    private static Random sharedRandom = new();

    /// <summary>Returns <c>initial × multiplier^attempt</c>, capped at <paramref name="max"/> (attempt is 0-based).</summary>
    public static TimeSpan Exponential(TimeSpan initial, double multiplier, TimeSpan max, int attempt)
    {
        var ticks = initial.Ticks * Math.Pow(multiplier, attempt);
        return ticks >= max.Ticks || double.IsInfinity(ticks) || double.IsNaN(ticks) ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Spreads <paramref name="delay"/> uniformly over ±<paramref name="fraction"/>.</summary>
    public static TimeSpan ApplyJitter(TimeSpan delay, double fraction) =>
        fraction <= 0 || delay <= TimeSpan.Zero ? delay : Scale(delay, 1 + (fraction * ((2 * NextDouble()) - 1)));

    /// <summary>Spreads <paramref name="delay"/> uniformly over [delay, delay × (1 + fraction)]: never earlier than asked.</summary>
    public static TimeSpan JitterUp(TimeSpan delay, double fraction) =>
        fraction <= 0 || delay <= TimeSpan.Zero ? delay : Scale(delay, 1 + (fraction * NextDouble()));

    /// <summary>Makes every later jitter repeat the sequence of <c>new Random(seed)</c>: the polling simulation uses it to
    /// print the same figures on every run. Not for concurrent use with real waits.</summary>
    internal static void Seed(int seed)
    {
        lock (RandomLock)
        {
            sharedRandom = new Random(seed);
        }
    }

    /// <summary>A uniform sample in [0, <paramref name="max"/>].</summary>
    public static TimeSpan Uniform(TimeSpan max) => max <= TimeSpan.Zero ? TimeSpan.Zero : Scale(max, NextDouble());

    private static TimeSpan Scale(TimeSpan delay, double factor) => TimeSpan.FromTicks((long)(delay.Ticks * factor));

    private static double NextDouble()
    {
        lock (RandomLock)
        {
            return sharedRandom.NextDouble();
        }
    }
}
