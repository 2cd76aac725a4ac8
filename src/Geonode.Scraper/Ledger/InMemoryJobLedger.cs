using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// An <see cref="IJobLedger"/> held in memory: idempotency keys and leases for the clients of one process, and the reference
/// behaviour of the ledger contract. Nothing survives the process; use <see cref="FileJobLedger"/> for that. Thread-safe.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class InMemoryJobLedger : IJobLedger
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, JobLedgerEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byJob = new(StringComparer.Ordinal);
    private long _order;
    private readonly Dictionary<string, long> _sequence = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="InMemoryJobLedger"/> class.</summary>
    /// <param name="timeProvider">The clock leases expire on; <see langword="null"/> for the system clock.</param>
    public InMemoryJobLedger(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry has no id, kind or owner, or the lease is not positive.</exception>
    public Task<JobClaim> ClaimAsync(JobLedgerEntry entry, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LedgerRules.CheckClaim(entry, leaseDuration);
        lock (_entries)
        {
            var now = _time.GetUtcNow();
            if (!_entries.TryGetValue(entry.EntryId, out var stored))
            {
                stored = entry with { State = JobLedgerState.Claimed, JobId = null, FinalStatus = null, LeaseExpiresAt = now + leaseDuration };
                _entries[entry.EntryId] = stored;
                _sequence[entry.EntryId] = _order++;
                return Task.FromResult(new JobClaim { Entry = stored, IsOwner = true });
            }

            if (LedgerRules.CanTakeOver(stored, entry.Owner!, now))
            {
                var tookOver = stored.Owner != entry.Owner;
                stored = stored with { Owner = entry.Owner, LeaseExpiresAt = now + leaseDuration };
                _entries[entry.EntryId] = stored;
                return Task.FromResult(new JobClaim { Entry = stored, IsOwner = true, TookOver = tookOver });
            }

            return Task.FromResult(new JobClaim { Entry = stored });
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryRecordSendingAsync(string entryId, string owner, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        Guard.NotNullOrWhiteSpace(owner);
        lock (_entries)
        {
            if (!_entries.TryGetValue(entryId, out var stored) || stored.Owner != owner
                || stored.State is not (JobLedgerState.Claimed or JobLedgerState.Sending) || stored.LeaseExpiresAt <= _time.GetUtcNow())
            {
                return Task.FromResult(false);
            }

            _entries[entryId] = stored with { State = JobLedgerState.Sending };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task RecordStartedAsync(string entryId, string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        Guard.NotNullOrWhiteSpace(jobId);
        lock (_entries)
        {
            if (_entries.TryGetValue(entryId, out var stored) && stored.State != JobLedgerState.Finished)
            {
                _entries[entryId] = stored with { State = JobLedgerState.Started, JobId = jobId };
                _byJob[jobId] = entryId;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RecordNotStartedAsync(string entryId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        lock (_entries)
        {
            if (_entries.TryGetValue(entryId, out var stored) && stored.JobId is null)
            {
                _entries.Remove(entryId);
                _sequence.Remove(entryId);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RecordFinishedAsync(string jobId, JobStatus status, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        lock (_entries)
        {
            if (_byJob.TryGetValue(jobId, out var entryId) && _entries[entryId] is { State: not JobLedgerState.Finished } stored)
            {
                _entries[entryId] = stored with { State = JobLedgerState.Finished, FinalStatus = status, LeaseExpiresAt = null };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RenewLeasesAsync(string owner, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(owner);
        LedgerRules.CheckLease(leaseDuration);
        Update(owner, null, e => e with { LeaseExpiresAt = _time.GetUtcNow() + leaseDuration });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string owner, string? entryId = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(owner);
        Update(owner, entryId, e => e with { Owner = null, LeaseExpiresAt = _time.GetUtcNow() });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<JobLedgerEntry?> FindAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        lock (_entries)
        {
            return Task.FromResult(_byJob.TryGetValue(jobId, out var entryId) ? _entries[entryId] : null);
        }
    }

    /// <inheritdoc/>
    public Task<JobLedgerEntry?> FindEntryAsync(string entryId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        lock (_entries)
        {
            return Task.FromResult(_entries.TryGetValue(entryId, out var stored) ? stored : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobLedgerEntry>> ListInFlightAsync(CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            IReadOnlyList<JobLedgerEntry> inFlight = [.. _entries.Values.Where(e => e.State != JobLedgerState.Finished).OrderBy(e => _sequence[e.EntryId])];
            return Task.FromResult(inFlight);
        }
    }

    private void Update(string owner, string? entryId, Func<JobLedgerEntry, JobLedgerEntry> change)
    {
        lock (_entries)
        {
            foreach (var stored in _entries.Values.Where(e => e.Owner == owner && e.State != JobLedgerState.Finished && (entryId is null || e.EntryId == entryId)).ToList())
            {
                _entries[stored.EntryId] = change(stored);
            }
        }
    }
}
