namespace Geonode.Scraper.Conformance;

/// <summary>Waits in real time for something an asynchronous backend does soon (a notification delivered).</summary>
public static class Eventually
{
    /// <summary>The longest wait for something that takes milliseconds, before a test gives up.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds, polling every few milliseconds.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="bound">How long at most; <see cref="Bound"/> when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when it held in time.</returns>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? Bound);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
