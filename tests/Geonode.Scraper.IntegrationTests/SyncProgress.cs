namespace Geonode.Scraper.IntegrationTests;

/// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would make tests racy).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
