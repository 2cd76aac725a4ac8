using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>
/// The heartbeat of one process's claims in a job ledger: its owner id, and a timer that renews the owner's leases every
/// third of <see cref="LeaseDuration"/> once the first claim is made, so that they expire only when the process stops
/// renewing them (it died, or it was disposed and released them).
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    /// <summary>How long a claim holds without a renewal.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    private readonly IJobLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private ITimer? _timer;
    private bool _disposed;

    public LeaseKeeper(IJobLedger ledger, TimeProvider time, ILogger logger, TimeSpan? leaseDuration = null, string? owner = null)
    {
        _ledger = ledger;
        _time = time;
        _logger = logger;
        LeaseDuration = leaseDuration ?? DefaultLeaseDuration;
        Owner = owner ?? OwnerId.New();
    }

    /// <summary>Gets this process's owner id: machine, process id and a random part (a restarted process is a new owner).</summary>
    public string Owner { get; }

    public TimeSpan LeaseDuration { get; }

    /// <summary>Starts the heartbeat (once); called before the first claim.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_timer is null && !_disposed)
            {
                var period = TimeSpan.FromTicks(LeaseDuration.Ticks / 3);
                _timer = _time.CreateTimer(static state => ((LeaseKeeper)state!).Renew(), this, period, period);
            }
        }
    }

    /// <summary>Stops the heartbeat and gives up this process's leases, so that another process takes its work over at once.</summary>
    public async Task ReleaseAllAsync()
    {
        lock (_lock)
        {
            if (_timer is null)
            {
                return;
            }
        }

        try
        {
            await _ledger.ReleaseAsync(Owner).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Any backend's failure (a file, a DbException from a database that went away): the leases expire by themselves,
            // and a shutdown must not fail over it.
            Log.LeaseRenewalFailed(_logger, ex);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private async void Renew()
    {
        try
        {
            await _ledger.RenewLeasesAsync(Owner, LeaseDuration).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A missed renewal is retried at the next tick; only a lease that runs out passes the work on.
            Log.LeaseRenewalFailed(_logger, ex);
        }
    }
}
