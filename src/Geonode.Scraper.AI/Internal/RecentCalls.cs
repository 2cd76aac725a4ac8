namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// What the tools of one <see cref="ScraperAIFunctions.Create"/> call have started recently, by tool and arguments: a model
/// that repeats a call (it often does, after a timeout or a long context) gets the same job or result instead of a second
/// billed one. Concurrent identical calls share one start. A start that fails is forgotten, so the model may try again.
/// Each <c>Create</c> call has its own instance: one user's jobs never reach another user's agent.
/// </summary>
internal sealed class RecentCalls(TimeProvider timeProvider, TimeSpan window)
{
    private readonly Dictionary<string, (Task Task, DateTimeOffset StartedAt)> _calls = new(StringComparer.Ordinal);

    public async Task<T> GetOrStartAsync<T>(string key, Func<Task<T>> start)
    {
        if (window <= TimeSpan.Zero)
        {
            return await start().ConfigureAwait(false);
        }

        Task<T> task;
        lock (_calls)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var expired in _calls.Where(c => now - c.Value.StartedAt >= window).Select(c => c.Key).ToList())
            {
                _calls.Remove(expired);
            }

            if (_calls.TryGetValue(key, out var known))
            {
                task = (Task<T>)known.Task;
            }
            else
            {
                // Started under the lock so that a concurrent identical call finds it; the start runs synchronously only up
                // to its first await (argument checks), the request itself runs after the lock is released.
                task = start();
                _calls[key] = (task, now);
            }
        }

        try
        {
            return await task.ConfigureAwait(false);
        }
        catch
        {
            lock (_calls)
            {
                if (_calls.TryGetValue(key, out var known) && known.Task == task)
                {
                    _calls.Remove(key);
                }
            }

            throw;
        }
    }
}
