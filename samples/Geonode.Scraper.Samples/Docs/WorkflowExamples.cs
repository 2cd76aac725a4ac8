#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The README's examples of the workflows built on the endpoints (re-runs, fan-out, budgets).</summary>
public static class WorkflowExamples
{
    public static async Task RetryFailed(IScraperClient client, string batchJobId, string crawlJobId, BatchRequest original)
    {
        #region retry-failed
        RetryFailedResult retry = await client.RetryFailedItemsAsync(batchJobId);
        if (retry.NothingFailed)
        {
            Console.WriteLine("nothing failed; nothing was started");
        }
        else
        {
            Console.WriteLine($"re-running {retry.FailedUrls.Count} URLs as batch {retry.Batches[0].JobId} (settings: {retry.SettingsSource})");
        }

        // Exactly the original settings, when you kept the request:
        await client.RetryFailedItemsAsync(batchJobId, new RetryFailedOptions { OriginalRequest = original });

        // A crawl's failed pages, as batches of up to 1,000 URLs:
        RetryFailedResult pages = await client.RetryFailedPagesAsync(crawlJobId);
        #endregion
        _ = pages;
    }

    public static async Task ScrapeMany(IScraperClient client, IReadOnlyList<string> urls)
    {
        #region scrape-many
        // 5,000 URLs: five batches, at most the account's concurrency limit running at once.
        await foreach (ScrapeManyItem result in client.ScrapeManyAsync(urls, new ScrapeManyOptions
        {
            Settings = new BatchRequest { Urls = [], Formats = [OutputFormat.Markdown] },
            BatchStarted = new Progress<BatchJobAccepted>(b => Console.WriteLine($"batch {b.JobId} started")),
        }))
        {
            Console.WriteLine($"#{result.Index} {result.Item.Url}: {result.Item.Status}");
        }
        #endregion
    }

    public static async Task TokenBudget(IScraperClient client, string crawlJobId)
    {
        #region token-budget
        try
        {
            CrawlJob crawl = await client.WaitForCrawlAsync(crawlJobId, new TokenBudget { MaxTokens = 500 });
            Console.WriteLine($"done: {crawl.TokenSummary?.TokensChargedTotal} tokens");
        }
        catch (JobBudgetExceededException ex)
        {
            Console.WriteLine($"stopped at {ex.Usage.TokensChargedTotal} tokens (budget {ex.MaxTokens}); cancelled: {ex.CancelRequested}");
        }
        #endregion
    }
}
