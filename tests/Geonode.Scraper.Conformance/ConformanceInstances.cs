namespace Geonode.Scraper.Conformance;

/// <summary>Keeps what a conformance test created, to dispose each instance once at the end of the test.</summary>
internal sealed class ConformanceInstances : IAsyncDisposable
{
    private readonly List<object> _created = [];

    public T Track<T>(T instance)
        where T : class
    {
        lock (_created)
        {
            if (!_created.Any(c => ReferenceEquals(c, instance)))
            {
                _created.Add(instance);
            }
        }

        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        object[] created;
        lock (_created)
        {
            created = [.. _created];
            _created.Clear();
        }

        foreach (var instance in Enumerable.Reverse(created))
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
