using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A durable record of the jobs the SDK starts, so that a process that restarts can find the jobs still in flight and resume
/// waiting for them (or exporting them) by id instead of starting and paying for them again. Set it with
/// <see cref="ScraperClientOptions.JobLedger"/> (or register it in dependency injection); <see cref="FileJobLedger"/> is the
/// file-backed default for one machine.
/// </summary>
/// <remarks>
/// <para>The SDK calls <see cref="RecordIntentAsync"/> before it sends the request that starts a batch, crawl or
/// asynchronous extraction, and <see cref="RecordStartedAsync"/> once the job id is known. When the answer is lost after the
/// request may have reached the server, the request is not sent again: the SDK looks for the job on the API's job lists
/// and records it if it finds exactly one, otherwise it throws <see cref="ScraperUnknownOutcomeException"/> and the entry
/// stays in flight without a job id. A request the API refused is recorded with <see cref="RecordNotStartedAsync"/>, and a
/// wait or watch that ends with the job's terminal status records <see cref="RecordFinishedAsync"/>.</para>
/// <para>To run on several machines, implement this interface on a store they share (a database table keyed by
/// <see cref="JobLedgerEntry.EntryId"/> with a unique job id column, for example). Each method must have made its record
/// durable when its task completes: the SDK sends the request only after <see cref="RecordIntentAsync"/> has completed.
/// The methods may be called concurrently, and <see cref="RecordFinishedAsync"/> also for jobs the ledger does not know
/// (waits for jobs started elsewhere): ignore those.</para>
/// </remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public interface IJobLedger
{
    /// <summary>Records that a job is about to be started; complete only once the record is durable.</summary>
    /// <param name="entry">The entry, without a job id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordIntentAsync(JobLedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Records the job id of an entry.</summary>
    /// <param name="entryId">The entry.</param>
    /// <param name="jobId">The job the request started.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordStartedAsync(string entryId, string jobId, CancellationToken cancellationToken = default);

    /// <summary>Records that the API refused the request of an entry, so no job was started.</summary>
    /// <param name="entryId">The entry.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordNotStartedAsync(string entryId, CancellationToken cancellationToken = default);

    /// <summary>Records that a job reached a terminal status and the wait or watch for it ended; the entry is no longer in
    /// flight. Ignore job ids the ledger does not know.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="status">Its terminal status.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task RecordFinishedAsync(string jobId, JobStatus status, CancellationToken cancellationToken = default);

    /// <summary>Finds the entry of a job by its id, finished or not, while the ledger still holds it (a ledger may drop
    /// finished entries when it compacts itself). Re-running what failed (<see cref="RetryFailedExtensions"/>) reads the
    /// request a job was started with from here.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The entry, or <see langword="null"/> when the ledger does not know the job.</returns>
    Task<JobLedgerEntry?> FindAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Lists the entries still in flight: started and not finished, or of unknown outcome (no job id).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The entries, oldest first.</returns>
    Task<IReadOnlyList<JobLedgerEntry>> ListInFlightAsync(CancellationToken cancellationToken = default);
}
