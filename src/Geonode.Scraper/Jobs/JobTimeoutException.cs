namespace Geonode.Scraper;

/// <summary>The wait reached <see cref="PollingOptions.Timeout"/> before the job ended. The job itself goes on
/// unless <see cref="PollingOptions.CancelJobOnTimeout"/> was set.</summary>
public sealed class JobTimeoutException : JobException
{
    /// <summary>Initializes a new instance of the <see cref="JobTimeoutException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The last snapshot, if any.</param>
    /// <param name="elapsed">How long the wait lasted.</param>
    /// <param name="cancelRequested">Whether the SDK asked the server to cancel the job.</param>
    public JobTimeoutException(string jobId, IScraperJob? lastSnapshot, TimeSpan elapsed, bool cancelRequested)
        : base(jobId, lastSnapshot, BuildMessage(jobId, lastSnapshot, elapsed, cancelRequested))
    {
        Elapsed = elapsed;
        CancelRequested = cancelRequested;
    }

    /// <summary>Gets how long the wait lasted.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets a value indicating whether the SDK asked the server to cancel the job after the timeout.</summary>
    public bool CancelRequested { get; }

    private static string BuildMessage(string jobId, IScraperJob? last, TimeSpan elapsed, bool cancelRequested)
    {
        var status = last is null ? "no status was read" : $"last status '{last.Status}'";
        var rest = cancelRequested ? "Cancellation of the job was requested." : "The job goes on running on the server.";
        return $"Job {jobId} did not finish within {elapsed} ({status}). {rest}";
    }
}
