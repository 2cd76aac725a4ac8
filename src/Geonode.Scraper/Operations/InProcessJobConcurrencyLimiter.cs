using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The in-process <see cref="IJobConcurrencyLimiter"/>: slots shared by the clients of one process. Thread-safe;
/// waiters are served in the order they came.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class InProcessJobConcurrencyLimiter : IJobConcurrencyLimiter
{
    private readonly Dictionary<string, Pool> _pools = new(StringComparer.Ordinal);

    /// <summary>Gets the number of slots of <paramref name="name"/> held now.</summary>
    /// <param name="name">The name of the pool.</param>
    /// <returns>The number held.</returns>
    public int Held(string name)
    {
        lock (_pools)
        {
            return _pools.TryGetValue(name, out var pool) ? pool.Held : 0;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="limit"/> is below 1.</exception>
    public async ValueTask<IAsyncDisposable> AcquireAsync(string name, int limit, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(name);
        if (limit < 1)
        {
            throw new ArgumentException($"The limit must be at least 1; got {limit}.", nameof(limit));
        }

        TaskCompletionSource<bool> turn;
        Pool pool;
        lock (_pools)
        {
            if (!_pools.TryGetValue(name, out pool!))
            {
                _pools[name] = pool = new Pool();
            }

            if (pool.Held < limit && pool.Waiters.Count == 0)
            {
                pool.Held++;
                return new Slot(this, pool);
            }

            turn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            pool.Waiters.AddLast((turn, limit));
        }

        using (cancellationToken.Register(() => Abandon(pool, turn)))
        {
            await turn.Task.ConfigureAwait(false);
        }

        return new Slot(this, pool);
    }

    private void Abandon(Pool pool, TaskCompletionSource<bool> turn)
    {
        lock (_pools)
        {
            for (var node = pool.Waiters.First; node is not null; node = node.Next)
            {
                if (node.Value.Turn == turn)
                {
                    pool.Waiters.Remove(node);
                    turn.TrySetCanceled();
                    return;
                }
            }
        }
    }

    private void Release(Pool pool)
    {
        lock (_pools)
        {
            pool.Held--;

            // The first waiter goes next when its own limit allows (waiters are served in order, none overtakes another).
            while (pool.Waiters.First is { } first && pool.Held < first.Value.Limit)
            {
                pool.Waiters.RemoveFirst();
                pool.Held++;
                first.Value.Turn.TrySetResult(true);
            }
        }
    }

    private sealed class Pool
    {
        public int Held { get; set; }

        public LinkedList<(TaskCompletionSource<bool> Turn, int Limit)> Waiters { get; } = new();
    }

    private sealed class Slot(InProcessJobConcurrencyLimiter owner, Pool pool) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(pool);
            }

            return default;
        }
    }
}
