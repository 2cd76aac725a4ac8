namespace Geonode.Scraper.Internal;

internal static class TimeProviderExtensions
{
    /// <summary>Waits through the given <see cref="TimeProvider"/>, so tests control time exactly.</summary>
    public static Task DelayAsync(this TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }

#if NET8_0_OR_GREATER
        return Task.Delay(delay, timeProvider, cancellationToken);
#else
        return timeProvider.Delay(delay, cancellationToken);
#endif
    }

    /// <summary>A token source that cancels itself after <paramref name="delay"/> of the given provider's time.</summary>
    public static CancellationTokenSource CreateTimeoutSource(this TimeProvider timeProvider, TimeSpan delay)
    {
#if NET8_0_OR_GREATER
        return new CancellationTokenSource(delay, timeProvider);
#else
        return timeProvider.CreateCancellationTokenSource(delay);
#endif
    }
}
