using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The wait reached <see cref="PollingOptions.Timeout"/> before the job ended. The job itself goes on
/// unless <see cref="PollingOptions.CancelJobOnTimeout"/> was set and the cancel succeeded (<see cref="CancelRequested"/>).</summary>
public sealed class JobTimeoutException : JobException
{
    /// <summary>Initializes a new instance of the <see cref="JobTimeoutException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The last snapshot, if any.</param>
    /// <param name="elapsed">How long the wait lasted.</param>
    /// <param name="cancelRequested">Whether the SDK cancelled the job on the server.</param>
    public JobTimeoutException(string jobId, IScraperJob? lastSnapshot, TimeSpan elapsed, bool cancelRequested)
        : this(jobId, lastSnapshot, elapsed, elapsed, cancelRequested, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JobTimeoutException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The last snapshot, if any.</param>
    /// <param name="elapsed">How long the wait lasted.</param>
    /// <param name="timeout">The timeout the wait ran with.</param>
    /// <param name="cancelRequested">Whether the SDK cancelled the job on the server.</param>
    /// <param name="cancelError">Why cancelling the job failed, if the SDK tried and it failed.</param>
    public JobTimeoutException(string jobId, IScraperJob? lastSnapshot, TimeSpan elapsed, TimeSpan timeout, bool cancelRequested, Exception? cancelError)
        : base(jobId, lastSnapshot, BuildMessage(jobId, lastSnapshot, elapsed, timeout, cancelRequested, cancelError))
    {
        Elapsed = elapsed;
        Timeout = timeout;
        CancelRequested = cancelRequested;
        CancelError = cancelError;
    }

    /// <summary>Gets how long the wait lasted.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets the timeout the wait ran with (<see cref="PollingOptions.Timeout"/>).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets a value indicating whether the SDK cancelled the job on the server after the timeout
    /// (<see cref="PollingOptions.CancelJobOnTimeout"/>): the server accepted the cancel, or the job was found cancelled.</summary>
    public bool CancelRequested { get; }

    /// <summary>Gets why cancelling the job after the timeout failed, when the SDK tried and it failed (for example a
    /// <see cref="ScraperConflictException"/>: the job ended meanwhile); otherwise <see langword="null"/>.</summary>
    public Exception? CancelError { get; }

    private static string BuildMessage(string jobId, IScraperJob? last, TimeSpan elapsed, TimeSpan timeout, bool cancelRequested, Exception? cancelError)
    {
        var status = last is null ? "no status was read" : $"last status '{last.Status}'";
        var rest = cancelRequested ? "The job was cancelled on the server."
            : cancelError is not null ? $"Cancelling the job failed, so it may still be running: {cancelError.Message}"
            : "The job goes on running on the server.";
        return $"Job {jobId} did not finish within the timeout of {Durations.Format(timeout)} ({status}, {Durations.Format(Round(elapsed))} elapsed). {rest}";
    }

    private static TimeSpan Round(TimeSpan value) => TimeSpan.FromMilliseconds(Math.Round(value.TotalMilliseconds));
}
