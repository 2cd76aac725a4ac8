namespace Geonode.Scraper;

/// <summary>The base class of the exceptions that end a wait for a job: failed, cancelled or timed out.</summary>
public abstract class JobException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="JobException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The last snapshot the wait saw, if any.</param>
    /// <param name="message">The message.</param>
    protected JobException(string jobId, IScraperJob? lastSnapshot, string message)
        : base(message)
    {
        JobId = jobId;
        LastSnapshot = lastSnapshot;
    }

    /// <summary>Gets the job id.</summary>
    public string JobId { get; }

    /// <summary>Gets the last snapshot of the job the wait received (an <see cref="ExtractJob"/>,
    /// <see cref="BatchJob"/> or <see cref="CrawlJob"/>), or <see langword="null"/> if no poll succeeded.</summary>
    public IScraperJob? LastSnapshot { get; }
}
