using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A durable record of the jobs the SDK starts, shared by every process that starts work under the same keys: a process that
/// restarts, or another replica, finds the jobs in flight and resumes them by id instead of starting and paying for them
/// again. Set it with <see cref="ScraperClientOptions.JobLedger"/> (or register it in dependency injection).
/// <see cref="FileJobLedger"/> is the file-backed default for one machine, <see cref="InMemoryJobLedger"/> one for a single
/// process, and the <c>Geonode.Scraper.PostgreSql</c> package one for many replicas.
/// </summary>
/// <remarks>
/// <para><b>Claims.</b> Work is identified by <see cref="JobLedgerEntry.EntryId"/>: the caller's idempotency key
/// (<see cref="JobStartOptions.IdempotencyKey"/>), or an id the SDK chooses. Before it sends the request that starts a job,
/// the SDK <see cref="ClaimAsync">claims</see> the entry: exactly one claimant inserts it and holds its lease (an owner and
/// an expiry, renewed by <see cref="RenewLeasesAsync"/> while the owner lives); every other claimant gets the entry as
/// stored. An owner that dies loses its lease when it expires, and the next claimant takes the entry over with its state:
/// <see cref="JobLedgerState.Claimed"/> (nothing was sent: it may send the request),
/// <see cref="JobLedgerState.Sending"/> (the request may have reached the server: it looks for the job and never sends it
/// again) or <see cref="JobLedgerState.Started"/> (it resumes the job by id).</para>
/// <para><b>Implementing it.</b> Every method must have made its change durable when its task completes; the SDK sends
/// the request only after <see cref="TryRecordSendingAsync"/> has returned <see langword="true"/>.
/// <see cref="ClaimAsync"/> and <see cref="TryRecordSendingAsync"/> are atomic compare-and-set steps (a unique key and
/// insert-if-absent, an update conditioned on the owner). Lease expiry is measured on the ledger's own clock (the
/// database's, for a shared store), so replicas whose clocks disagree still agree on it. The methods may be called
/// concurrently from many processes; <see cref="RecordFinishedAsync"/> also for jobs the ledger does not know (waits for
/// jobs started elsewhere): ignore those. The conformance tests in the repository (<c>docs/scale-out.md</c>) check
/// these rules against any implementation.</para>
/// </remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public interface IJobLedger
{
    /// <summary>
    /// Claims the work of <paramref name="entry"/> for <see cref="JobLedgerEntry.Owner"/>, in one atomic step. When no entry
    /// has its <see cref="JobLedgerEntry.EntryId"/>, it is inserted in state <see cref="JobLedgerState.Claimed"/> with a lease
    /// of <paramref name="leaseDuration"/>, and the caller owns it. When one exists and is not finished, and its lease has
    /// expired (or its owner is the caller), the caller takes it over (its state and job id are kept) with a fresh lease.
    /// Otherwise the entry is returned as stored, and the caller does not own it.
    /// </summary>
    /// <param name="entry">The entry to insert: <see cref="JobLedgerEntry.EntryId"/>, <see cref="JobLedgerEntry.Kind"/>,
    /// <see cref="JobLedgerEntry.Owner"/> and what describes the request; its state and lease are ignored.</param>
    /// <param name="leaseDuration">How long the claim holds without a renewal, on the ledger's clock.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The entry as stored after the claim, and whether the caller owns it.</returns>
    Task<JobClaim> ClaimAsync(JobLedgerEntry entry, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Moves an entry from <see cref="JobLedgerState.Claimed"/> to <see cref="JobLedgerState.Sending"/> if
    /// <paramref name="owner"/> still holds its lease: the last step before the request is sent. From here on its outcome
    /// may be unknown, and no one sends the request again.</summary>
    /// <param name="entryId">The entry.</param>
    /// <param name="owner">The owner that claimed it.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns><see langword="true"/> when the entry is now <see cref="JobLedgerState.Sending"/> under
    /// <paramref name="owner"/>; <see langword="false"/> when another owner holds it (the lease was lost) or it is gone:
    /// the request must not be sent.</returns>
    Task<bool> TryRecordSendingAsync(string entryId, string owner, CancellationToken cancellationToken = default);

    /// <summary>Records the job id of an entry (state <see cref="JobLedgerState.Started"/>), whoever holds the lease: the
    /// job exists and is billed.</summary>
    /// <param name="entryId">The entry.</param>
    /// <param name="jobId">The job the request started.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordStartedAsync(string entryId, string jobId, CancellationToken cancellationToken = default);

    /// <summary>Removes an entry that has no job id because the API refused its request (no job was started), so that
    /// its key can be claimed again.</summary>
    /// <param name="entryId">The entry.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordNotStartedAsync(string entryId, CancellationToken cancellationToken = default);

    /// <summary>Records that a job reached a terminal status (state <see cref="JobLedgerState.Finished"/>); the entry is no
    /// longer in flight and its key stays taken. Ignore job ids the ledger does not know.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="status">Its terminal status.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordFinishedAsync(string jobId, JobStatus status, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of every unfinished entry <paramref name="owner"/> holds to <paramref name="leaseDuration"/>
    /// from now (the heartbeat). An entry another owner has taken over is not touched.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="leaseDuration">The new remaining lease, on the ledger's clock.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the leases are extended.</returns>
    Task RenewLeasesAsync(string owner, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Gives up <paramref name="owner"/>'s lease of one entry, or of every unfinished entry it holds when
    /// <paramref name="entryId"/> is <see langword="null"/> (a clean shutdown), so that another claimant can take it over
    /// at once: the entry keeps its state and job id, and has no owner. A process that dies simply stops renewing.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="entryId">The entry, or <see langword="null"/> for all of the owner's.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the leases have ended.</returns>
    Task ReleaseAsync(string owner, string? entryId = null, CancellationToken cancellationToken = default);

    /// <summary>Finds the entry of a job by its id, finished or not, while the ledger still holds it (a ledger may drop
    /// finished entries after a while). Re-running what failed reads the request a job was started with from here.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The entry, or <see langword="null"/> when the ledger does not know the job.</returns>
    Task<JobLedgerEntry?> FindAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Finds an entry by its <see cref="JobLedgerEntry.EntryId"/> (an idempotency key), finished or not.</summary>
    /// <param name="entryId">The entry.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The entry, or <see langword="null"/> when there is none.</returns>
    Task<JobLedgerEntry?> FindEntryAsync(string entryId, CancellationToken cancellationToken = default);

    /// <summary>Lists the entries still in flight (<see cref="JobLedgerState.Claimed"/>, <see cref="JobLedgerState.Sending"/>
    /// or <see cref="JobLedgerState.Started"/>), with their owners and leases.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The entries, oldest first.</returns>
    Task<IReadOnlyList<JobLedgerEntry>> ListInFlightAsync(CancellationToken cancellationToken = default);
}
