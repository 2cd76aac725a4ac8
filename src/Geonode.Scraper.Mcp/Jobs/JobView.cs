using System.Globalization;

namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>A crawl's or batch's status and counters, as the tools report them (read from the SDK's snapshots by
/// <see cref="JobActions"/>, so that the tools do not depend on the SDK's job types).</summary>
internal sealed record JobView(JobKind Kind, string JobId, JobStatus Status, int Completed, int Failed, int Cancelled, int Total)
{
    /// <summary>Gets the number of pages or URLs that have ended, well or not.</summary>
    public int Done => Completed + Failed + Cancelled;

    /// <summary>Gets what the job's items are called.</summary>
    public string Noun => Kind == JobKind.Crawl ? "pages" : "URLs";

    public static JobView From(CrawlJob job) =>
        new(JobKind.Crawl, job.JobId, job.Status, job.CompletedPages, job.FailedPages, job.CancelledPages, job.TotalPages);

    public static JobView From(BatchJob job) =>
        new(JobKind.Batch, job.JobId, job.Status, job.CompletedUrls, job.FailedUrls, job.CancelledUrls, job.TotalUrls);

    /// <summary>Returns the job's line, for example <c>Crawl job 5c1e…: processing, 3 of 10 pages read, 1 failed</c>.</summary>
    /// <returns>The summary.</returns>
    public string Summary()
    {
        var text = $"{(Kind == JobKind.Crawl ? "Crawl" : "Batch")} job {JobId}: {Status}, {Number(Completed)} of {Number(Total)} {Noun} read";
        text += Failed > 0 ? $", {Number(Failed)} failed" : string.Empty;
        return text + (Cancelled > 0 ? $", {Number(Cancelled)} cancelled" : string.Empty);
    }

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
