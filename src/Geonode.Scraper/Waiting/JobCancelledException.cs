namespace Geonode.Scraper;

/// <summary>The job ended with the status <c>cancelled</c>.</summary>
public sealed class JobCancelledException : JobException
{
    /// <summary>Initializes a new instance of the <see cref="JobCancelledException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The cancelled job.</param>
    public JobCancelledException(string jobId, IScraperJob? lastSnapshot)
        : base(jobId, lastSnapshot, $"Job {jobId} was cancelled.")
    {
    }
}
