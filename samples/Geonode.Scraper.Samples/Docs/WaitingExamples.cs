#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The examples of docs/waiting-and-streaming.md.</summary>
public static class WaitingExamples
{
    public static async Task WaitWithTimeout(IScraperClient client, string crawlJobId, TimeSpan timeout)
    {
        #region waiting-timeout
        var polling = new PollingOptions
        {
            Timeout = timeout,            // for example TimeSpan.FromMinutes(10); the default is 30 minutes
            CancelJobOnTimeout = true,    // batch and crawl only: stop a job nobody waits for any more
        };
        try
        {
            CrawlJob crawl = await client.WaitForCrawlAsync(crawlJobId, polling);
            Console.WriteLine($"{crawl.Status}: {crawl.CompletedPages} pages");
        }
        catch (JobTimeoutException ex) when (ex.CancelRequested)
        {
            Console.WriteLine($"{ex.Message}");   // "... did not finish within the timeout of 10 min ... The job was cancelled on the server."
        }
        catch (JobTimeoutException ex)
        {
            // The cancel failed (ex.CancelError says why, for example the job ended meanwhile): it may still be running.
            Console.WriteLine($"{ex.JobId} last seen as {ex.LastSnapshot?.Status}; cancel failed: {ex.CancelError?.Message}");
        }
        #endregion
    }

    public static async Task<int> WatchCrawl(IScraperClient client, string crawlJobId, CancellationToken cancellationToken)
    {
        #region waiting-watch-crawl
        var progress = new Progress<CrawlJob>(c => Console.WriteLine($"{c.CompletedPages + c.FailedPages}/{c.TotalPages} pages settled"));
        var saved = 0;
        await foreach (CrawlPage page in client.WatchCrawlPagesAsync(crawlJobId, progress: progress, cancellationToken: cancellationToken))
        {
            // Each page once, as soon as it has settled (completed or failed), while the crawl goes on.
            if (page.Status == JobStatus.Completed)
            {
                saved++;
            }
        }
        // The loop ends once the crawl has ended and every page was read; a failed or cancelled crawl throws here.
        Console.WriteLine($"{saved} pages saved");
        #endregion
        return saved;
    }

    public static async Task<int> ResumeRunningBatches(IScraperClient client)
    {
        #region waiting-resume
        // After a restart: find the batches still running and pick up their results (each item once, as it settles).
        var items = 0;
        await foreach (BatchJobSummary running in client.ListAllBatchJobsAsync(new JobListQuery { Status = JobStatus.Processing }))
        {
            await foreach (BatchItem item in client.WatchBatchItemsAsync(running.JobId))
            {
                Console.WriteLine($"{running.JobId} #{item.InputIndex} {item.Url}: {item.Status}");
                items++;
            }
        }
        #endregion
        return items;
    }
}
