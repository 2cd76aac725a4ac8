namespace Geonode.Scraper.Internal;

/// <summary>
/// A typed reason to end a wait before the job ends (a token budget): it caps the delay between polls while the wait runs,
/// is asked at every snapshot of the running job, and says what the caller gets when it stops the wait. The job is then
/// cancelled on the server (<see cref="JobPoller.CancelAfterStopAsync"/>) and the exception made here is thrown.
/// </summary>
internal abstract class WaitStopCondition<TJob>
    where TJob : class, IScraperJob
{
    /// <summary>Gets the longest delay between two polls while this condition applies; it bounds how late a stop is seen.</summary>
    public abstract TimeSpan? Cap { get; }

    /// <summary>Gets a short name for the wait's log and span (for example <c>budget</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the wait must stop at <paramref name="snapshot"/> (a job that has not ended).</summary>
    public abstract ValueTask<bool> ShouldStopAsync(TJob snapshot, CancellationToken cancellationToken);

    /// <summary>The exception the caller gets once the job was (or could not be) cancelled.</summary>
    public abstract Exception CreateException(string jobId, TJob snapshot, bool cancelRequested, Exception? cancelError);
}
