using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.PostgreSql.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.PostgreSql;

/// <summary>
/// The <see cref="IJobCompletionSignal"/> that carries wake-ups to every replica through PostgreSQL. <see cref="NotifyAsync"/>
/// (the webhook endpoint of whichever replica received the delivery calls it) inserts a row into <c>job_events</c> and
/// <c>NOTIFY</c>s the job id in the same statement, so the notification goes out exactly when the row is committed. Each
/// instance <c>LISTEN</c>s on one dedicated connection of its own, opened by <see cref="StartAsync"/> or by the first
/// <see cref="Subscribe"/>, and calls the local subscribers of the job whose id arrives. While that connection is down
/// (<see cref="IsListening"/> is <see langword="false"/>) it reconnects with a doubling backoff
/// (<see cref="PostgreSqlCoordinationOptions.ReconnectDelay"/> to <see cref="PostgreSqlCoordinationOptions.MaxReconnectDelay"/>),
/// the waits poll as if there were no signal, and once it listens again every local subscriber is woken once, so that a
/// wake-up sent meanwhile costs one poll, never a result. Thread-safe. Dispose it to close the connection.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class PostgreSqlJobCompletionSignal : IJobCompletionSignal, IAsyncDisposable, IDisposable
{
    private readonly CoordinationStore _store;
    private readonly NotificationListener _listener;
    private readonly Geonode.Scraper.Internal.SignalSubscribers _subscribers = new();
    private readonly CleanupSchedule _cleanup;
    private readonly string _notify;
    private readonly string _deleteOld;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlJobCompletionSignal"/> class on a data source the
    /// caller owns (and disposes after this signal). In an application, prefer
    /// <see cref="PostgreSqlCoordinationExtensions.AddPostgreSqlCoordination(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder, string, Action{PostgreSqlCoordinationOptions})"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema, retention and reconnection settings; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where to log; <see langword="null"/> for nowhere.</param>
    /// <param name="timeProvider">The clock of the reconnection backoff; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public PostgreSqlJobCompletionSignal(NpgsqlDataSource dataSource, PostgreSqlCoordinationOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new CoordinationStore(dataSource, options, ownsDataSource: false, loggerFactory, timeProvider))
    {
    }

    internal PostgreSqlJobCompletionSignal(CoordinationStore store)
    {
        _store = store;
        var events = store.Table("job_events");
        _notify = $"""
            WITH event AS (INSERT INTO {events} (job_id, sender) VALUES ($1, $2) RETURNING job_id)
            SELECT pg_notify($3, job_id) FROM event
            """;
        _deleteOld = $"DELETE FROM {events} WHERE created_at < now() - $1";
        _listener = new NotificationListener(store, [store.SignalChannel], (_, jobId) => _subscribers.Wake(jobId), _subscribers.WakeAll);
        _cleanup = new CleanupSchedule(store.Time, store.Options.CleanupInterval, "job_events", DeleteOldEventsAsync, store.Logger);
    }

    /// <inheritdoc/>
    public bool IsListening => _listener.IsListening;

    /// <summary>Gets the number of jobs that have local subscribers now.</summary>
    public int SubscribedJobs => _subscribers.Jobs;

    /// <summary>Gets the backend process id of the listening connection (0 while it is down), for diagnostics.</summary>
    internal int ListenerProcessId => _listener.ProcessId;

    /// <summary>Opens the listening connection (when it is not open yet) and waits until it listens. Without this call the
    /// connection is opened by the first <see cref="Subscribe"/>; with dependency injection, when the host starts.</summary>
    /// <param name="cancellationToken">Stops waiting (the connection keeps trying to open).</param>
    /// <returns>A task that completes once the signal listens.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _listener.StartAsync(cancellationToken);

    /// <summary>Opens the listening connection in the background, without waiting.</summary>
    internal void StartListening() => _listener.Start();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="onSignal"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(string jobId, Action onSignal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(onSignal);
        var subscription = _subscribers.Add(jobId, onSignal);
        _listener.Start();
        return subscription;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement: the wake-up may not
    /// have been sent.</exception>
    public async Task NotifyAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using (var command = Sql.Command(_store.DataSource, _notify, Sql.Text(jobId), Sql.Text(_store.Owner), Sql.Text(_store.SignalChannel)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.Notified(_store.Logger, jobId);
        if (!_listener.IsListening)
        {
            // This replica would not hear its own notification now: its waits are polling, and one poll more is cheap.
            _subscribers.Wake(jobId);
        }

        _cleanup.RunIfDue();
    }

    /// <summary>Deletes the wake-up rows older than <see cref="PostgreSqlCoordinationOptions.EventRetention"/> (database
    /// clock). The signal does this by itself at most once per <see cref="PostgreSqlCoordinationOptions.CleanupInterval"/>.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of rows deleted.</returns>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await DeleteOldEventsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the listening connection.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    /// <summary>Stops listening; the connection closes in the background (<see cref="DisposeAsync"/> waits for it).</summary>
    public void Dispose() => _listener.Stop();

    /// <summary>Returns the schema the signal uses (never the connection string).</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(PostgreSqlJobCompletionSignal)} {{ Schema = {_store.Schema}, IsListening = {IsListening} }}";

    private async Task<int> DeleteOldEventsAsync(CancellationToken cancellationToken)
    {
        using var command = Sql.Command(_store.DataSource, _deleteOld, Sql.Interval(_store.Options.EventRetention));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
