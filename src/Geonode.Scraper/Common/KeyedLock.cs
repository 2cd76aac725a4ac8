namespace Geonode.Scraper.Internal;

/// <summary>
/// One asynchronous lock per key, held by one caller at a time (in the order they came), created on first use and dropped
/// when nobody holds or waits for it. <c>JobStarter</c> takes the lock of an idempotency key around the claim, the
/// POST and the record of its job (the ledger tells claimants apart by owner, and every start of one client claims under
/// the same owner); <see cref="FileJobLedger"/> takes the lock of its file's path, so that the callers of one process wait
/// their turn here rather than on the lock file; and (linked into Geonode.Scraper.PostgreSql) the PostgreSQL concurrency
/// limiter takes the lock of a pool and limit, so that one caller per replica tries the database.
/// </summary>
internal sealed class KeyedLock
{
    private readonly Dictionary<string, Entry> _entries;

    /// <summary>Initializes a new instance of the <see cref="KeyedLock"/> class.</summary>
    /// <param name="comparer">How keys compare; <see cref="StringComparer.Ordinal"/> when null.</param>
    public KeyedLock(IEqualityComparer<string>? comparer = null)
    {
        _entries = new Dictionary<string, Entry>(comparer ?? StringComparer.Ordinal);
    }

    /// <summary>Waits until no other caller holds <paramref name="key"/>, then holds it until the result is disposed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Stops waiting; the lock is then not held.</param>
    /// <returns>The held lock.</returns>
    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var existing))
            {
                existing = new Entry();
                _entries[key] = existing;
            }

            entry = existing;
            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }

        return new Held(this, key, entry);
    }

    private void Leave(string key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>The callers holding or waiting for the lock (guarded by the dictionary's lock).</summary>
        public int Users { get; set; }
    }

    private sealed class Held(KeyedLock owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Leave(key, entry);
            }
        }
    }
}
