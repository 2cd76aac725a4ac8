namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>Passes each value on synchronously, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
/// <typeparam name="T">The value reported.</typeparam>
internal sealed class Relay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
