namespace Geonode.Scraper.Internal;

/// <summary>
/// The callbacks that a completion signal calls for each job, held by one process: added by <c>Subscribe</c>, removed when
/// the subscription is disposed (a job without callbacks is dropped), called outside the lock. The core's
/// <see cref="InProcessJobCompletionSignal"/> and (linked into Geonode.Scraper.PostgreSql) the PostgreSQL signal keep their
/// local subscribers here. Thread-safe.
/// </summary>
internal sealed class SignalSubscribers
{
    private readonly Dictionary<string, List<Action>> _byJob = new(StringComparer.Ordinal);

    /// <summary>Gets the number of jobs that have subscribers now.</summary>
    public int Jobs
    {
        get
        {
            lock (_byJob)
            {
                return _byJob.Count;
            }
        }
    }

    /// <summary>Adds a callback for a job; disposing the result (once or more) removes it.</summary>
    public IDisposable Add(string jobId, Action onSignal)
    {
        lock (_byJob)
        {
            if (!_byJob.TryGetValue(jobId, out var list))
            {
                _byJob[jobId] = list = [];
            }

            list.Add(onSignal);
        }

        return new Subscription(this, jobId, onSignal);
    }

    /// <summary>Calls the callbacks of one job.</summary>
    public void Wake(string jobId)
    {
        Action[] callbacks;
        lock (_byJob)
        {
            if (!_byJob.TryGetValue(jobId, out var list))
            {
                return;
            }

            callbacks = [.. list];
        }

        Call(callbacks);
    }

    /// <summary>Calls every callback of every job once.</summary>
    public void WakeAll()
    {
        Action[] callbacks;
        lock (_byJob)
        {
            callbacks = [.. _byJob.Values.SelectMany(list => list)];
        }

        Call(callbacks);
    }

    private static void Call(Action[] callbacks)
    {
        foreach (var callback in callbacks)
        {
            callback();
        }
    }

    private void Remove(string jobId, Action onSignal)
    {
        lock (_byJob)
        {
            if (_byJob.TryGetValue(jobId, out var list) && list.Remove(onSignal) && list.Count == 0)
            {
                _byJob.Remove(jobId);
            }
        }
    }

    private sealed class Subscription(SignalSubscribers owner, string jobId, Action onSignal) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(jobId, onSignal);
            }
        }
    }
}
