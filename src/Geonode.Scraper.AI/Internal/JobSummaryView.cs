namespace Geonode.Scraper.AI.Internal;

/// <summary>The counters of a crawl or batch, as the tools show them.</summary>
internal sealed record JobSummaryView(JobKind Kind, string JobId, JobStatus Status, int Total, int Completed, int Failed, int Cancelled, int? TokensCharged)
{
    public static JobSummaryView From(CrawlJob job) =>
        new(JobKind.Crawl, job.JobId, job.Status, job.TotalPages, job.CompletedPages, job.FailedPages, job.CancelledPages, job.TokenSummary?.TokensChargedTotal);

    public static JobSummaryView From(BatchJob job) =>
        new(JobKind.Batch, job.JobId, job.Status, job.TotalUrls, job.CompletedUrls, job.FailedUrls, job.CancelledUrls, job.TokenSummary?.TokensChargedTotal);
}
