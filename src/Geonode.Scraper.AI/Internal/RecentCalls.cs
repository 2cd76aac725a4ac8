using Geonode.Scraper.Internal;

namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// What the tools of one <see cref="ScraperAIFunctions.Create"/> call have started recently, by tool and arguments: a model
/// that repeats a call (it often does, after a timeout or a long context) gets the same job or result instead of a second
/// billed one. Concurrent identical calls share one start, which runs under a token of its own: a caller that stops only
/// stops waiting for it, and the start is cancelled only when every caller waiting for it has stopped (it is then forgotten,
/// so a later identical call starts again). A start that fails is forgotten, so the model may try again. Each
/// <c>Create</c> call has its own instance: one user's jobs never reach another user's agent.
/// </summary>
internal sealed class RecentCalls(TimeProvider timeProvider, TimeSpan window)
{
    private readonly Dictionary<string, Call> _calls = new(StringComparer.Ordinal);

    public async Task<T> GetOrStartAsync<T>(string key, Func<CancellationToken, Task<T>> start, CancellationToken cancellationToken)
    {
        if (window <= TimeSpan.Zero)
        {
            return await start(cancellationToken).ConfigureAwait(false);
        }

        Call call;
        lock (_calls)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var expired in _calls.Where(c => now - c.Value.StartedAt >= window).Select(c => c.Key).ToList())
            {
                _calls.Remove(expired);
            }

            if (!_calls.TryGetValue(key, out call!))
            {
                // Started under the lock so that a concurrent identical call finds it; the start runs synchronously only up
                // to its first await (argument checks), the request itself runs after the lock is released.
                var stop = new CancellationTokenSource();
                call = new Call(start(stop.Token), stop, now);
                _calls[key] = call;
            }

            call.Waiters++;
        }

        try
        {
            return await ((Task<T>)call.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_calls)
            {
                if (--call.Waiters == 0 && !call.Task.IsCompleted)
                {
                    // Nobody waits for it any more: stop it, and let the next identical call start anew.
                    call.Stop.Cancel();
                    Forget(key, call);
                }
            }

            throw;
        }
        catch
        {
            lock (_calls)
            {
                call.Waiters--;
                Forget(key, call);
            }

            throw;
        }
    }

    private void Forget(string key, Call call)
    {
        if (_calls.TryGetValue(key, out var known) && known == call)
        {
            _calls.Remove(key);
        }
    }

    private sealed class Call(Task task, CancellationTokenSource stop, DateTimeOffset startedAt)
    {
        public Task Task { get; } = task;

        public CancellationTokenSource Stop { get; } = stop;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public int Waiters { get; set; }
    }
}
