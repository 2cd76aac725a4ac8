using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.PostgreSql.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.PostgreSql;

/// <summary>
/// The <see cref="IJobConcurrencyLimiter"/> that replicas share through PostgreSQL: a leased semaphore. Each slot held is a
/// row of <c>concurrency_slots</c> with its holder and an expiry on the database's clock, renewed every third of
/// <see cref="PostgreSqlCoordinationOptions.SlotLeaseDuration"/> while held; a holder that dies (killed, not disposed)
/// frees its slot when that lease expires. A slot is taken in one short transaction under an advisory lock per pool name
/// (expired rows are deleted, the live ones counted, a row inserted when fewer than the caller's limit). A caller that has
/// to wait is woken by the <c>NOTIFY</c> of a release (on one listening connection per instance, opened when a caller
/// first waits) or tries again every <see cref="PostgreSqlCoordinationOptions.SlotPollInterval"/>. The callers of one
/// instance that wait for the same pool with the same limit queue in the order they came, and only the first of them tries
/// the database, so that a release costs each replica one attempt rather than one per waiting caller. Waiters on different
/// replicas are not served in order. Thread-safe.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class PostgreSqlJobConcurrencyLimiter : IJobConcurrencyLimiter, IAsyncDisposable, IDisposable
{
    private readonly CoordinationStore _store;
    private readonly NotificationListener _listener;
    private readonly Dictionary<string, TaskCompletionSource> _pulses = new(StringComparer.Ordinal);
    private readonly Geonode.Scraper.Internal.KeyedLock _turns = new();
    private readonly object _lock = new();
    private readonly string _deleteExpired;
    private readonly string _insert;
    private readonly string _release;
    private readonly string _renew;
    private readonly string _deleteAllExpired;
    private readonly CleanupSchedule _cleanup;
    private ITimer? _heartbeat;
    private int _held;
    private int _attempts;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlJobConcurrencyLimiter"/> class on a data source the
    /// caller owns (and disposes after this limiter). In an application, prefer
    /// <see cref="PostgreSqlCoordinationExtensions.AddPostgreSqlCoordination(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder, string, Action{PostgreSqlCoordinationOptions})"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema, slot lease and poll interval; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where to log; <see langword="null"/> for nowhere.</param>
    /// <param name="timeProvider">The clock of the heartbeat and of the waits between attempts; <see langword="null"/> for
    /// the system clock (the leases themselves expire on the database's clock).</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public PostgreSqlJobConcurrencyLimiter(NpgsqlDataSource dataSource, PostgreSqlCoordinationOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new CoordinationStore(dataSource, options, ownsDataSource: false, loggerFactory, timeProvider))
    {
    }

    internal PostgreSqlJobConcurrencyLimiter(CoordinationStore store)
    {
        _store = store;
        var slots = store.Table("concurrency_slots");
        _deleteExpired = $"DELETE FROM {slots} WHERE name = $1 AND expires_at <= now()";
        _insert = $"""
            INSERT INTO {slots} (name, holder, owner, expires_at)
            SELECT $1, $2, $3, now() + $4
            WHERE (SELECT count(*) FROM {slots} WHERE name = $1) < $5
            """;
        _release = $"""
            WITH released AS (DELETE FROM {slots} WHERE name = $1 AND holder = $2 RETURNING name)
            SELECT pg_notify($3, name) FROM released
            """;
        _renew = $"UPDATE {slots} SET expires_at = now() + $2 WHERE owner = $1";
        _deleteAllExpired = $"DELETE FROM {slots} WHERE expires_at <= now()";
        _listener = new NotificationListener(store, [store.SlotChannel], (_, name) => Pulse(name), PulseAll);
        _cleanup = new CleanupSchedule(store.Time, store.Options.CleanupInterval, "concurrency_slots", DeleteExpiredAsync, store.Logger);
    }

    /// <summary>Gets the number of slots this instance holds now (not yet released).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Gets the number of times this instance has tried to take a slot in the database, for tests.</summary>
    internal int Attempts => Volatile.Read(ref _attempts);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="limit"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    /// <exception cref="ObjectDisposedException">The limiter was disposed.</exception>
    public async ValueTask<IAsyncDisposable> AcquireAsync(string name, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (limit < 1)
        {
            throw new ArgumentException($"The limit must be at least 1; got {limit}.", nameof(limit));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var holder = Guid.NewGuid().ToString("N");

        // One caller at a time per pool and limit tries the database; the others wait their turn here, in order. Each limit
        // has its own turn, so that a caller whose limit is reached never holds back one whose higher limit is not.
        using var turn = await _turns.AcquireAsync(FormattableString.Invariant($"{limit}:{name}"), cancellationToken).ConfigureAwait(false);
        var listening = false;
        while (true)
        {
            // Taken before the attempt, so that a release between a full count and the wait below is not missed.
            var pulse = CurrentPulse(name);
            if (await TryInsertAsync(name, holder, limit, cancellationToken).ConfigureAwait(false))
            {
                // The next caller in line tries at once: more than one slot may be free.
                return Track(name, holder);
            }

            if (!listening)
            {
                _listener.Start();
                listening = true;
            }

            try
            {
                await pulse.WaitAsync(_store.Options.SlotPollInterval, _store.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // No release heard: a slot may have been freed by an expired lease. Try again.
            }
        }
    }

    /// <summary>Deletes the slot rows whose lease has expired, of every pool (each pool's next acquirer deletes its own
    /// anyway). The limiter does this by itself at most once per <see cref="PostgreSqlCoordinationOptions.CleanupInterval"/>.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of rows deleted.</returns>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops renewing this instance's slots and closes its listening connection. Slots still held are not
    /// deleted: like those of a holder that died, they are free when their lease expires (the batch jobs they stand for may
    /// still be running on the API).</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public ValueTask DisposeAsync()
    {
        StopHeartbeat();
        return _listener.DisposeAsync();
    }

    /// <summary>Stops renewing this instance's slots and closes its listening connection in the background (see
    /// <see cref="DisposeAsync"/>).</summary>
    public void Dispose()
    {
        StopHeartbeat();
        _listener.Stop();
    }

    /// <summary>Returns the schema the limiter uses (never the connection string).</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(PostgreSqlJobConcurrencyLimiter)} {{ Schema = {_store.Schema}, Held = {Held} }}";

    /// <summary>Stops the heartbeat as if the process had died: the slots held are freed when their leases expire.</summary>
    internal void StopHeartbeat()
    {
        lock (_lock)
        {
            _disposed = true;
            _heartbeat?.Dispose();
            _heartbeat = null;
        }
    }

    private async Task<bool> TryInsertAsync(string name, string holder, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // One acquirer of a pool at a time: the count and the insert must see the same rows.
                using var batch = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))") { Parameters = { Sql.Text($"Geonode.Scraper.PostgreSql slots {_store.Schema} {name}") } },
                        new NpgsqlBatchCommand(_deleteExpired) { Parameters = { Sql.Text(name) } },
                        new NpgsqlBatchCommand(_insert)
                        {
                            Parameters = { Sql.Text(name), Sql.Text(holder), Sql.Text(_store.Owner), Sql.Interval(_store.Options.SlotLeaseDuration), Sql.Bigint(limit) },
                        },
                    },
                };
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return batch.BatchCommands[2].RecordsAffected == 1;
            }
        }
    }

    private Slot Track(string name, string holder)
    {
        lock (_lock)
        {
            _held++;
            if (_heartbeat is null && !_disposed)
            {
                var period = TimeSpan.FromTicks(_store.Options.SlotLeaseDuration.Ticks / 3);
                _heartbeat = _store.Time.CreateTimer(static state => _ = ((PostgreSqlJobConcurrencyLimiter)state!).RenewAsync(), this, period, period);
            }
        }

        _cleanup.RunIfDue();
        return new Slot(this, name, holder);
    }

    private async Task RenewAsync()
    {
        var held = Held;
        if (held == 0)
        {
            return;
        }

        try
        {
            using var command = Sql.Command(_store.DataSource, _renew, Sql.Text(_store.Owner), Sql.Interval(_store.Options.SlotLeaseDuration));
            var renewed = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            if (renewed < Math.Min(held, Held))
            {
                Log.SlotsLost(_store.Logger, Math.Min(held, Held) - renewed, held);
            }
        }
        catch (Exception ex)
        {
            // The next tick tries again; only a lease that runs out frees the slots.
            Log.SlotRenewalFailed(_store.Logger, held, ex);
        }
    }

    private async ValueTask ReleaseAsync(string name, string holder)
    {
        lock (_lock)
        {
            _held--;
        }

        try
        {
            using var command = Sql.Command(_store.DataSource, _release, Sql.Text(name), Sql.Text(holder), Sql.Text(_store.SlotChannel));
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            // No longer renewed, the slot is freed when its lease expires.
            Log.SlotReleaseFailed(_store.Logger, name, ex);
        }

        Pulse(name);
    }

    private Task CurrentPulse(string name)
    {
        lock (_pulses)
        {
            if (!_pulses.TryGetValue(name, out var pulse))
            {
                _pulses[name] = pulse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return pulse.Task;
        }
    }

    /// <summary>Wakes the callers waiting for a slot of <paramref name="name"/>, in this process.</summary>
    private void Pulse(string name)
    {
        TaskCompletionSource? pulse;
        lock (_pulses)
        {
            if (_pulses.Remove(name, out pulse) is false)
            {
                return;
            }
        }

        pulse.TrySetResult();
    }

    private void PulseAll()
    {
        TaskCompletionSource[] pulses;
        lock (_pulses)
        {
            pulses = [.. _pulses.Values];
            _pulses.Clear();
        }

        foreach (var pulse in pulses)
        {
            pulse.TrySetResult();
        }
    }

    private async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        using var command = Sql.Command(_store.DataSource, _deleteAllExpired);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Slot(PostgreSqlJobConcurrencyLimiter owner, string name, string holder) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _released, 1) == 0 ? owner.ReleaseAsync(name, holder) : default;
    }
}
