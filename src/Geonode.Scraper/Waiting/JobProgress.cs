namespace Geonode.Scraper;

/// <summary>A job's counters: units of work settled (completed, failed or cancelled) out of those known so far.</summary>
internal readonly record struct JobProgress(int Done, int Total)
{
    public static JobProgress Of(BatchJob job) => new(job.CompletedUrls + job.FailedUrls + job.CancelledUrls, job.TotalUrls);

    public static JobProgress Of(CrawlJob job) => new(job.CompletedPages + job.FailedPages + job.CancelledPages, job.TotalPages);
}
