using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The in-process <see cref="IJobCompletionSignal"/>: <see cref="NotifyAsync"/> calls the subscribers of the job in
/// this process. Thread-safe; always listening.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class InProcessJobCompletionSignal : IJobCompletionSignal
{
    private readonly Dictionary<string, List<Action>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Gets the number of jobs that have subscribers now.</summary>
    public int SubscribedJobs
    {
        get
        {
            lock (_subscribers)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <inheritdoc/>
    public bool IsListening => true;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="onSignal"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(string jobId, Action onSignal)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        Guard.NotNull(onSignal);
        lock (_subscribers)
        {
            if (!_subscribers.TryGetValue(jobId, out var list))
            {
                _subscribers[jobId] = list = [];
            }

            list.Add(onSignal);
        }

        return new Subscription(this, jobId, onSignal);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty.</exception>
    public Task NotifyAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        Action[] callbacks;
        lock (_subscribers)
        {
            if (!_subscribers.TryGetValue(jobId, out var list))
            {
                return Task.CompletedTask;
            }

            callbacks = [.. list];
        }

        foreach (var callback in callbacks)
        {
            callback();
        }

        return Task.CompletedTask;
    }

    private void Unsubscribe(string jobId, Action onSignal)
    {
        lock (_subscribers)
        {
            if (_subscribers.TryGetValue(jobId, out var list) && list.Remove(onSignal) && list.Count == 0)
            {
                _subscribers.Remove(jobId);
            }
        }
    }

    private sealed class Subscription(InProcessJobCompletionSignal owner, string jobId, Action onSignal) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(jobId, onSignal);
            }
        }
    }
}
