using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>
/// One dedicated connection that <c>LISTEN</c>s on a set of channels and hands each notification's payload to a callback.
/// When the connection is lost (killed with <c>pg_terminate_backend</c>, a restart, a network failure, or silence longer
/// than the keep-alive that a check query does not survive), <see cref="IsListening"/> turns false and the listener
/// reconnects with a doubling backoff; each time it listens again it calls the connected callback, so that what may have
/// been missed meanwhile is looked at again.
/// </summary>
internal sealed class NotificationListener : IAsyncDisposable
{
    /// <summary>The application name of the listener's session, to tell it apart in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "geonode-scraper-listener";

    private readonly CoordinationStore _store;
    private readonly string[] _channels;
    private readonly Action<string, string> _onNotification;
    private readonly Action _onConnected;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private volatile bool _listening;
    private int _processId;

    public NotificationListener(CoordinationStore store, IEnumerable<string> channels, Action<string, string> onNotification, Action onConnected)
    {
        _store = store;
        _channels = [.. channels];
        _onNotification = onNotification;
        _onConnected = onConnected;
        _logger = store.Logger;
    }

    /// <summary>Gets a value indicating whether the connection is up and listening on every channel.</summary>
    public bool IsListening => _listening;

    /// <summary>Gets the backend process id of the listening connection (0 while there is none).</summary>
    public int ProcessId => Volatile.Read(ref _processId);

    /// <summary>Starts listening (once), in the background.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_loop is null && !_stop.IsCancellationRequested)
            {
                _loop = Task.Run(() => RunAsync(_stop.Token));
            }
        }
    }

    /// <summary>Starts listening and waits until the listener listens for the first time.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        await _firstListen.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops listening without waiting: the connection closes in the background.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _listening = false;
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            _listening = false;
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }

            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _store.Options.ReconnectDelay;
        var keepAlive = (int)_store.Options.ListenerKeepAlive.TotalMilliseconds;
        var channels = string.Join(", ", _channels);
        while (!stop.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                await _store.EnsureSchemaAsync(stop).ConfigureAwait(false);
                connection = await _store.DataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += OnNotification;
                var listen = "SET application_name = '" + ApplicationName + "'; " + string.Concat(_channels.Select(c => $"LISTEN \"{c}\"; "));
                using (var command = new NpgsqlCommand(listen, connection))
                {
                    await command.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }

                Volatile.Write(ref _processId, connection.ProcessID);
                lock (_lock)
                {
                    // Not after Stop: a listener being stopped never says it listens.
                    _listening = !stop.IsCancellationRequested;
                }

                delay = _store.Options.ReconnectDelay;
                Log.Listening(_logger, channels, connection.ProcessID);
                _firstListen.TrySetResult();
                try
                {
                    _onConnected();
                }
                catch (Exception ex)
                {
                    Log.SubscriberFailed(_logger, channels, ex);
                }

                while (true)
                {
                    if (!await connection.WaitAsync(keepAlive, stop).ConfigureAwait(false))
                    {
                        // Silence: make sure the connection is still there (a dropped one fails this query).
                        using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _listening = false;
                Log.ListenerDown(_logger, channels, delay, ex);
            }
            finally
            {
                _listening = false;
                Volatile.Write(ref _processId, 0);
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await CloseQuietlyAsync(connection).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(delay, _store.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _store.Options.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>Stops listening on a connection that is still open before it goes back to the pool (which would otherwise
    /// keep the session listening until the connection is next used), then closes it.</summary>
    private static async Task CloseQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                using var unlisten = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection) { CommandTimeout = 5 };
                await unlisten.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
        {
            // A broken connection is not returned to the pool: its session is gone anyway.
        }

        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        try
        {
            _onNotification(e.Channel, e.Payload);
        }
        catch (Exception ex)
        {
            // The callbacks must not throw; if one does, the listener keeps running for the others.
            Log.SubscriberFailed(_logger, e.Channel, ex);
        }
    }
}
