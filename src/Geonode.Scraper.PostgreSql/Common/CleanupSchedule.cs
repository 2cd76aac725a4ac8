using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>
/// Runs a table's deletion of what is past its retention at most once per interval, in the background of the calls that
/// write the table: no timer, and a replica that writes nothing costs the database nothing.
/// </summary>
internal sealed class CleanupSchedule
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly string _table;
    private readonly Func<CancellationToken, Task<int>> _cleanup;
    private readonly ILogger _logger;
    private long _next;
    private int _running;

    public CleanupSchedule(TimeProvider time, TimeSpan interval, string table, Func<CancellationToken, Task<int>> cleanup, ILogger logger)
    {
        _time = time;
        _interval = interval;
        _table = table;
        _cleanup = cleanup;
        _logger = logger;
        _next = time.GetTimestamp();
    }

    /// <summary>Starts the cleanup in the background when it is due and not already running.</summary>
    public void RunIfDue()
    {
        var now = _time.GetTimestamp();
        var next = Interlocked.Read(ref _next);
        if (now < next || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _next, now + (long)(Math.Min(_interval.TotalSeconds, 1e8) * _time.TimestampFrequency));
        _ = Task.Run(async () =>
        {
            try
            {
                var deleted = await _cleanup(CancellationToken.None).ConfigureAwait(false);
                Log.CleanedUp(_logger, deleted, _table);
            }
            catch (Exception ex)
            {
                // Housekeeping only: the rows are deleted by a later run.
                Log.CleanupFailed(_logger, _table, ex);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
    }
}
